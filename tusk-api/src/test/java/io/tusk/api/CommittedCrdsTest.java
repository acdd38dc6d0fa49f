package io.tusk.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code deploy/crds/} identical to the CRDs generated from the model. Run with {@code
 * -Dtusk.crds.update=true} to rewrite the files instead (see {@link #REGENERATE}).
 */
class CommittedCrdsTest {

  static final String REGENERATE =
      "cd <repo root> && mvn -B -pl tusk-api -am test -Dtest=CommittedCrdsTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dtusk.crds.update=true";

  private static final boolean UPDATE = Boolean.getBoolean("tusk.crds.update");

  @Test
  void committedCrdsEqualGeneratedOnes() throws IOException {
    Path dir = TestPaths.rootDir().resolve("deploy").resolve("crds");
    for (String name : Crds.names()) {
      Path file = dir.resolve(Crds.fileName(name));
      String generated = Crds.yaml(name);
      if (UPDATE) {
        Files.createDirectories(dir);
        Files.writeString(file, generated, StandardCharsets.UTF_8);
      }
      assertThat(file).as("%s exists; create it with: %s", file, REGENERATE).exists();
      assertThat(Files.readString(file, StandardCharsets.UTF_8))
          .as(
              "%s is out of date with the model classes in io.tusk.api.acid.v1; regenerate it"
                  + " with: %s",
              file, REGENERATE)
          .isEqualTo(generated);
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .as("files in %s", dir)
          .containsExactlyInAnyOrderElementsOf(Crds.names().stream().map(Crds::fileName).toList());
    }
  }

  @Test
  void definitionsAreUsableFabric8Objects() {
    List<CustomResourceDefinition> definitions = Crds.definitions();
    assertThat(definitions)
        .extracting(d -> d.getMetadata().getName())
        .containsExactly(Crds.POSTGRESQL, Crds.OPERATOR_CONFIGURATION, Crds.POSTGRES_TEAM);
    CustomResourceDefinition postgresql = definitions.get(0);
    assertThat(postgresql.getSpec().getNames().getShortNames()).containsExactly("pg");
    assertThat(postgresql.getSpec().getNames().getCategories()).containsExactly("all");
    var version = postgresql.getSpec().getVersions().get(0);
    assertThat(version.getSubresources().getStatus()).isNotNull();
    var spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    assertThat(spec.getRequired())
        .containsExactlyInAnyOrder("teamId", "numberOfInstances", "postgresql", "volume");
    assertThat(spec.getProperties().get("numberOfInstances").getMinimum()).isEqualTo(0.0);
    assertThat(spec.getProperties().get("postgresql").getProperties().get("version").getEnum())
        .extracting(Object::toString)
        .containsExactly("\"14\"", "\"15\"", "\"16\"", "\"17\"", "\"18\"");
  }

  @Test
  void unknownCrdNameIsRejected() {
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> Crds.yaml("foos.example.com"))
        .withMessageContaining("unknown CRD");
  }
}
