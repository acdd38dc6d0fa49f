package io.tusk.cli.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.tusk.api.acid.v1.CloneDescription;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.PostgresStatus;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.api.acid.v1.StandbyDescription;
import io.tusk.config.ConfigMapLoader;
import io.tusk.config.OperatorConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The pure parts of {@code tusk restore}: which dump, the target's manifest, where and how. */
class RestoreCommandTest {

  private static final List<LogicalBackups.Dump> DUMPS =
      List.of(
          new LogicalBackups.Dump("spilo/a/u/logical_backups/1765000000.sql.gz", 10, Instant.EPOCH),
          new LogicalBackups.Dump(
              "spilo/a/u/logical_backups/1765086400.sql.gz", 20, Instant.EPOCH));

  @Test
  void theNewestDumpUnlessOneIsNamed() {
    assertThat(RestoreCommand.choose(DUMPS, null).size()).isEqualTo(20);
    assertThat(RestoreCommand.choose(DUMPS, "1765000000.sql.gz").size()).isEqualTo(10);
    assertThat(RestoreCommand.choose(DUMPS, DUMPS.get(0).key()).size()).isEqualTo(10);
    assertThat(RestoreCommand.choose(DUMPS, "1.sql.gz")).isNull();
  }

  @Test
  void theTargetIsTheSourcesSpecWithoutCloneStandbyAnnotationsOrStatus() {
    Postgresql source = new Postgresql();
    source.setMetadata(
        new ObjectMetaBuilder()
            .withName("acid-a")
            .withNamespace("ns")
            .withUid("u")
            .withLabels(Map.of("team", "acid"))
            .withAnnotations(Map.of("tusk.io/clone-target", "end-of-archive"))
            .build());
    PostgresSpec spec = new PostgresSpec();
    spec.setTeamId("acid");
    spec.setNumberOfInstances(2);
    spec.setClone(new CloneDescription());
    spec.setStandby(new StandbyDescription());
    spec.setUsers(Map.of("app_owner", List.of()));
    source.setSpec(spec);
    source.setStatus(new PostgresStatus("Running"));

    Postgresql target = RestoreCommand.targetOf(source, "acid-b");
    assertThat(target.getMetadata().getName()).isEqualTo("acid-b");
    assertThat(target.getMetadata().getNamespace()).isEqualTo("ns");
    assertThat(target.getMetadata().getUid()).isNull();
    assertThat(target.getMetadata().getLabels()).containsEntry("team", "acid");
    assertThat(target.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(target.getStatus()).isNull();
    assertThat(target.getSpec().getClone()).isNull();
    assertThat(target.getSpec().getStandby()).isNull();
    assertThat(target.getSpec().getUsers()).containsKey("app_owner");
    assertThat(target.getSpec().getNumberOfInstances()).isEqualTo(2);
    // The source is untouched.
    assertThat(source.getSpec().getClone()).isNotNull();
  }

  @Test
  void theDumpIsGunzippedFilteredAndEndsWithQuit() throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(
          "CREATE ROLE postgres;\nCREATE TABLE t (id int);\n".getBytes(StandardCharsets.UTF_8));
    }
    ByteArrayOutputStream stdin = new ByteArrayOutputStream();
    RestoreCommand.copy(
        new ByteArrayInputStream(gz.toByteArray()),
        new DumpFilter(Set.of("postgres"), Set.of()),
        stdin);
    assertThat(stdin.toString(StandardCharsets.UTF_8))
        .isEqualTo("CREATE TABLE t (id int);\n\n\\q\n");
  }

  @Test
  void whereTheDumpsAreAndWithWhichKeys() {
    OperatorConfig config =
        ConfigMapLoader.load(
                Map.of(
                    "logical_backup_s3_bucket", "backups",
                    "logical_backup_s3_endpoint", "http://10.0.0.1:9000"))
            .config();
    assertThat(LogicalBackups.prefix(config, "acid-a", "u"))
        .isEqualTo("spilo/acid-a/u/logical_backups/");
    LogicalBackups.Settings s =
        LogicalBackups.settings(
            config,
            Map.of("AWS_ACCESS_KEY_ID", "job-id", "AWS_SECRET_ACCESS_KEY", "job-secret"),
            Map.of());
    assertThat(s.endpoint()).isEqualTo("http://10.0.0.1:9000");
    assertThat(s.region()).isEqualTo("us-east-1");
    assertThat(s.accessKeyId()).isEqualTo("job-id");
    assertThat(s.toString()).doesNotContain("job-secret");
    // This shell's keys come first.
    assertThat(
            LogicalBackups.settings(
                    config,
                    Map.of("AWS_ACCESS_KEY_ID", "job-id", "AWS_SECRET_ACCESS_KEY", "job-secret"),
                    Map.of("AWS_ACCESS_KEY_ID", "mine", "AWS_SECRET_ACCESS_KEY", "my-secret"))
                .accessKeyId())
        .isEqualTo("mine");
    assertThatThrownBy(() -> LogicalBackups.settings(config, Map.of(), Map.of()))
        .hasMessageContaining("no S3 keys for backups");
    assertThatThrownBy(
            () ->
                LogicalBackups.settings(
                    ConfigMapLoader.load(Map.of()).config(), Map.of(), Map.of()))
        .hasMessageContaining("logical_backup_s3_bucket is not set");
  }

  @Test
  void theSourceItselfIsNeverTheTarget() {
    var cl = io.tusk.cli.TuskCli.newCommandLine();
    java.io.StringWriter err = new java.io.StringWriter();
    cl.setErr(new java.io.PrintWriter(err));
    assertThat(cl.execute("restore", "acid-a", "--to", "acid-a")).isEqualTo(2);
    assertThat(err.toString()).contains("--to names the source itself");
    assertThat(cl.execute("restore", "acid-a")).isEqualTo(2);
  }
}
