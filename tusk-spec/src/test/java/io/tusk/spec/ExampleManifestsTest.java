package io.tusk.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.OperatorConfigFiles;
import io.tusk.config.Source;
import io.tusk.spec.diff.Comparison;
import io.tusk.spec.diff.StatefulSetComparison;
import io.tusk.spec.validate.ManifestValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code postgresql} document among Zalando's v2.0.1 example manifests validates and builds
 * under every example operator configuration (ConfigMap defaults, OperatorConfiguration defaults,
 * the example ConfigMap and the example OperatorConfiguration), and the result is stable.
 */
class ExampleManifestsTest {

  private static final ObjectMapper YAML =
      new YAMLMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  static Stream<Arguments> manifestsAndConfigs() throws IOException {
    List<Arguments> result = new ArrayList<>();
    Map<String, OperatorConfig> configs =
        Map.of(
            "configmap defaults", OperatorConfig.defaults(Source.CONFIGMAP),
            "operatorconfiguration defaults",
                OperatorConfig.defaults(Source.OPERATOR_CONFIGURATION),
            "configmap.yaml",
                OperatorConfigFiles.load(Fixtures.manifestsDir().resolve("configmap.yaml"))
                    .config(),
            "postgresql-operator-default-configuration.yaml",
                OperatorConfigFiles.load(
                        Fixtures.manifestsDir()
                            .resolve("postgresql-operator-default-configuration.yaml"))
                    .config());
    for (Path file : postgresqlFiles()) {
      for (Postgresql pg : postgresqlDocuments(file)) {
        configs.forEach(
            (name, config) ->
                result.add(
                    Arguments.of(
                        file.getFileName() + ":" + pg.getMetadata().getName(), name, pg, config)));
      }
    }
    return result.stream();
  }

  private static List<Path> postgresqlFiles() throws IOException {
    try (Stream<Path> files = Files.list(Fixtures.manifestsDir())) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static List<Postgresql> postgresqlDocuments(Path file) throws IOException {
    List<Postgresql> result = new ArrayList<>();
    ObjectReader reader = YAML.readerFor(JsonNode.class);
    try (var docs = reader.<JsonNode>readValues(Files.readString(file))) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null
            && "postgresql".equals(doc.path("kind").asText())
            && "acid.zalan.do/v1".equals(doc.path("apiVersion").asText())) {
          result.add(YAML.treeToValue(doc, Postgresql.class));
        }
      }
    }
    return result;
  }

  @ParameterizedTest(name = "{0} with {1}")
  @MethodSource("manifestsAndConfigs")
  void buildsValidatesAndIsStable(
      String manifest, String configName, Postgresql pg, OperatorConfig config) {
    pg.getMetadata().setNamespace("default");
    assertThat(ManifestValidator.validate(pg, config)).as("violations").isEmpty();

    DesiredState state = ClusterBuilder.build(new ClusterModel(pg, config, Observed.none()));
    List<HasMetadata> all = state.all();
    assertThat(all).doesNotContainNull();
    assertThat(all).allSatisfy(o -> assertThat(o.getMetadata().getName()).isNotBlank());
    assertThat(state.statefulSet().getMetadata().getName()).isEqualTo(pg.getMetadata().getName());
    assertThat(state.secrets())
        .extracting(s -> s.getMetadata().getName())
        .contains(
            "postgres." + pg.getMetadata().getName() + ".credentials.postgresql.acid.zalan.do");

    // Same inputs, same objects (passwords come from equally seeded sources).
    DesiredState again = ClusterBuilder.build(new ClusterModel(pg, config, Observed.none()));
    assertThat(again.all()).isEqualTo(all);

    Comparison self =
        StatefulSetComparison.compare(state.statefulSet(), again.statefulSet(), config);
    assertThat(self.action()).isEqualTo(Comparison.Action.NONE);
  }

  @ParameterizedTest(name = "{0} with {1}, poolers enabled")
  @MethodSource("manifestsAndConfigs")
  void buildsWithBothPoolers(
      String manifest, String configName, Postgresql pg, OperatorConfig config) {
    pg.getMetadata().setNamespace("default");
    pg.getSpec().setEnableConnectionPooler(true);
    pg.getSpec().setEnableReplicaConnectionPooler(true);
    assertThat(ManifestValidator.validate(pg, config)).as("violations").isEmpty();

    DesiredState state = ClusterBuilder.build(new ClusterModel(pg, config, Observed.none()));
    String name = pg.getMetadata().getName();
    assertThat(state.poolerObjects())
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .containsExactly(
            "Secret/" + name + "-pooler-u",
            "Deployment/" + name + "-pooler",
            "Service/" + name + "-pooler",
            "Secret/" + name + "-pooler-repl-u",
            "Deployment/" + name + "-pooler-repl",
            "Service/" + name + "-pooler-repl");
    assertThat(state.secrets())
        .extracting(s -> s.getMetadata().getName())
        .contains("pooler." + name + ".credentials.postgresql.acid.zalan.do");
    DesiredState again = ClusterBuilder.build(new ClusterModel(pg, config, Observed.none()));
    assertThat(again.poolerObjects()).isEqualTo(state.poolerObjects());
  }
}
