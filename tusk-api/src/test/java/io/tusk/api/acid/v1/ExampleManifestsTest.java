package io.tusk.api.acid.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.tusk.api.Codec;
import io.tusk.api.TestPaths;
import io.tusk.api.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Zalando v2.0.1 example document of kind postgresql, OperatorConfiguration or PostgresTeam
 * parses into the model without unknown fields and round-trips unchanged.
 */
class ExampleManifestsTest {

  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "postgresql", Postgresql.class,
          "OperatorConfiguration", OperatorConfiguration.class,
          "PostgresTeam", PostgresTeam.class);

  record Example(String file, int index, JsonNode document) {
    @Override
    public String toString() {
      return file + "#" + index + " (" + document.path("kind").asText() + ")";
    }
  }

  static List<Example> examples() throws IOException {
    List<Example> examples = new ArrayList<>();
    try (Stream<Path> files = Files.list(TestPaths.zalandoManifests())) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        List<JsonNode> docs = Yaml.documents(file);
        for (int i = 0; i < docs.size(); i++) {
          if (KINDS.containsKey(docs.get(i).path("kind").asText())) {
            examples.add(new Example(file.getFileName().toString(), i, docs.get(i)));
          }
        }
      }
    }
    return examples;
  }

  @Test
  void allExpectedExamplesAreFound() throws IOException {
    assertThat(examples())
        .extracting(Example::file)
        .contains(
            "complete-postgres-manifest.yaml",
            "minimal-postgres-manifest.yaml",
            "minimal-postgres-lowest-version-manifest.yaml",
            "standby-manifest.yaml",
            "postgresql-operator-default-configuration.yaml",
            "custom-team-membership.yaml");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void parsesWithoutUnknownFieldsAndRoundTrips(Example example) throws IOException {
    Class<? extends HasMetadata> type = KINDS.get(example.document().path("kind").asText());
    for (Codec codec : Codec.all()) {
      HasMetadata parsed = codec.read(example.document(), type);
      assertThat(UnknownFields.paths(parsed)).as("unknown fields (%s)", codec).isEmpty();
      JsonNode written = codec.write(parsed);
      assertThat(Yaml.withoutNulls(written))
          .as("written back (%s)", codec)
          .isEqualTo(Yaml.withoutNulls(example.document()));
      HasMetadata reparsed = codec.read(written, type);
      assertThat(Yaml.withoutNulls(codec.write(reparsed)))
          .as("parsed again (%s)", codec)
          .isEqualTo(Yaml.withoutNulls(written));
    }
  }

  @Test
  void completeManifestIsTyped() throws IOException {
    Postgresql pg = read("complete-postgres-manifest.yaml", Postgresql.class);
    PostgresSpec spec = pg.getSpec();
    assertThat(pg.getMetadata().getName()).isEqualTo("acid-test-cluster");
    assertThat(spec.getTeamId()).isEqualTo("acid");
    assertThat(spec.getNumberOfInstances()).isEqualTo(2);
    assertThat(spec.getDockerImage()).isEqualTo("ghcr.io/zalando/spilo-18:4.1-p2");
    assertThat(spec.getUsers()).containsEntry("zalando", List.of("superuser", "createdb"));
    assertThat(spec.getUsers()).containsEntry("foo_user", List.of());
    assertThat(spec.getEnableMasterLoadBalancer()).isFalse();
    assertThat(spec.getEnableMasterNodePort()).as("absent tri-state").isNull();
    assertThat(spec.getAllowedSourceRanges()).containsExactly("127.0.0.1/32");
    assertThat(spec.getDatabases()).containsEntry("foo", "zalando");
    PreparedDatabase bar = spec.getPreparedDatabases().get("bar");
    assertThat(bar.getDefaultUsers()).isTrue();
    assertThat(bar.getExtensions()).containsEntry("pg_partman", "public");
    assertThat(bar.getSchemas().get("history").getDefaultRoles()).isTrue();
    assertThat(bar.getSchemas().get("data").getDefaultRoles()).isNull();
    assertThat(spec.getPostgresql().getVersion()).isEqualTo("18");
    assertThat(spec.getPostgresql().getParameters()).containsEntry("shared_buffers", "32MB");
    assertThat(spec.getVolume().getSize()).isEqualTo("1Gi");
    AdditionalVolume empty = spec.getAdditionalVolumes().get(0);
    assertThat(empty.getTargetContainers()).containsExactly("all");
    assertThat(empty.getVolumeSource().getEmptyDir()).isNotNull();
    assertThat(spec.getEnableShmVolume()).isTrue();
    assertThat(spec.getResources().getRequests().getCpu()).isEqualTo("10m");
    assertThat(spec.getResources().getLimits().getMemory()).isEqualTo("500Mi");
    Patroni patroni = spec.getPatroni();
    assertThat(patroni.getFailsafeMode()).isFalse();
    assertThat(patroni.getInitdb()).containsEntry("data-checksums", "true");
    assertThat(patroni.getLoopWait()).isEqualTo(10);
    assertThat(patroni.getMaximumLagOnFailover()).isEqualTo(33554432L);
    assertThat(patroni.getSynchronousNodeCount()).isEqualTo(1);
    assertThat(spec.getInitContainers().get(0).getCommand()).containsExactly("/bin/date");
    assertThat(spec.getTls().getSecretName()).isEmpty();
    assertThat(spec.getTls().getCertificateFile()).isEqualTo("tls.crt");
    assertThat(pg.getStatus()).isNull();
  }

  @Test
  void standbyManifestIsTyped() throws IOException {
    Postgresql pg = read("standby-manifest.yaml", Postgresql.class);
    assertThat(pg.getSpec().getStandby().getStandbyHost())
        .isEqualTo("acid-minimal-cluster.default");
    assertThat(pg.getSpec().getStandby().getS3WalPath()).isNull();
  }

  @Test
  void operatorConfigurationIsTypedAndAvailableAsTree() throws IOException {
    OperatorConfiguration config =
        read("postgresql-operator-default-configuration.yaml", OperatorConfiguration.class);
    OperatorConfigurationData data = config.getConfiguration();
    assertThat(data.getDockerImage()).isEqualTo("ghcr.io/zalando/spilo-18:4.1-p2");
    assertThat(data.getMaxInstances()).isEqualTo(-1);
    assertThat(data.getResyncPeriod()).isEqualTo("30m");
    assertThat(data.getKubernetes().getClusterLabels()).containsEntry("application", "spilo");
    assertThat(data.getKubernetes().getPersistentVolumeClaimRetentionPolicy())
        .containsEntry("when_deleted", "retain");
    assertThat(data.getKubernetes().getEnablePodAntiaffinity()).isFalse();
    assertThat(data.getKubernetes().getWatchedNamespace()).isNull();
    assertThat(data.getUsers().getPasswordRotationUserRetention()).isEqualTo(180);
    assertThat(data.getMajorVersionUpgrade().getMinimalMajorVersion()).isEqualTo("14");
    assertThat(data.getTeamsApi().getProtectedRoleNames()).containsExactly("admin", "cron_admin");
    assertThat(data.getConnectionPooler().getConnectionPoolerNumberOfInstances()).isEqualTo(2);
    assertThat(data.getLogicalBackup().getLogicalBackupS3Sse()).isEqualTo("AES256");
    assertThat(data.getPatroni().getEnablePatroniFailsafeMode()).isFalse();

    JsonNode tree = config.getConfigurationTree();
    assertThat(tree.at("/kubernetes/cluster_name_label").asText()).isEqualTo("cluster-name");
    assertThat(tree.at("/timeouts/ready_wait_timeout").asText()).isEqualTo("30s");
    assertThat(tree.has("sidecars")).as("absent keys stay absent").isFalse();
  }

  @Test
  void postgresTeamIsTyped() throws IOException {
    PostgresTeam team = read("custom-team-membership.yaml", PostgresTeam.class);
    assertThat(team.getSpec().getAdditionalSuperuserTeams())
        .containsEntry("acid", List.of("postgres_superusers"));
    assertThat(team.getSpec().getAdditionalTeams()).containsEntry("acid", List.of());
    assertThat(team.getSpec().getAdditionalMembers()).containsEntry("acid", List.of("elephant"));
  }

  private static <T> T read(String file, Class<T> type) throws IOException {
    JsonNode doc = Yaml.documents(TestPaths.zalandoManifests().resolve(file)).get(0);
    return Codec.JACKSON.read(doc, type);
  }
}
