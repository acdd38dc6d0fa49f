package io.tusk.images.spilo.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local {@code wal-g}: how Spilo's prefix becomes barman's destination and server, and how
 * barman's answers become WAL-G's. The barman commands here are small stand-ins that record their
 * arguments (the real ones run in the end-to-end tests).
 */
class WalGTest {

  @TempDir Path tmp;

  static final String LIST_JSON =
      """
      {"backups_list": [
        {"backup_id": "20261207T101500", "status": "DONE", "begin_time_iso": "2026-12-07T10:15:00.1+00:00",
         "end_time_iso": "2026-12-07T10:15:02.5+00:00", "begin_wal": "000000010000000000000004",
         "begin_xlog": "0/4000028", "end_xlog": "0/4000100", "cluster_size": 23133897,
         "systemid": "7716482535694616166", "version": 170010, "pgdata": "/data"},
        {"backup_id": "20261207T090000", "status": "DONE", "begin_time_iso": "2026-12-07T09:00:00+00:00",
         "end_time_iso": "2026-12-07T09:00:03+00:00", "begin_wal": "000000010000000000000002",
         "begin_xlog": "0/2000028", "end_xlog": "0/2000100", "cluster_size": 1,
         "systemid": "7716482535694616166", "version": 170010, "pgdata": "/data"},
        {"backup_id": "20261207T110000", "status": "FAILED", "begin_time_iso": "2026-12-07T11:00:00+00:00",
         "end_time_iso": "2026-12-07T11:00:03+00:00", "begin_wal": "000000010000000000000006",
         "begin_xlog": "0/6000028", "end_xlog": "0/6000100", "cluster_size": 1,
         "systemid": "1", "version": 170010, "pgdata": "/data"}
      ]}
      """;

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("WALG_S3_PREFIX", "s3://backups/spilo/acid-x/uid/wal/17");
    env.put("AWS_ENDPOINT", "http://10.244.0.1:9000");
    env.put("AWS_S3_FORCE_PATH_STYLE", "true");
    env.put("AWS_REGION", "eu-central-1");
    env.put(WalG.BARMAN_BIN, tmp.toString());
    return env;
  }

  /** A stand-in barman command that appends its arguments to calls.log and prints {@code out}. */
  private void fake(String program, String out) throws Exception {
    Path f = tmp.resolve(program);
    Files.writeString(
        f,
        "#!/bin/sh\necho \""
            + program
            + " $* region=$AWS_DEFAULT_REGION\" >> "
            + tmp.resolve("calls.log")
            + "\ncat <<'EOF'\n"
            + out
            + "\nEOF\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private String calls() throws Exception {
    return Files.readString(tmp.resolve("calls.log"));
  }

  private record Run(int code, String out, String err) {}

  private Run run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new WalG(env, new PrintStream(out, true), new PrintStream(err, true)).run(List.of(args));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void thePrefixsLastElementIsBarmansServer() throws Exception {
    WalG.Target t = WalG.Target.of(env());
    assertThat(t.destination()).isEqualTo("s3://backups/spilo/acid-x/uid/wal");
    assertThat(t.server()).isEqualTo("17");
    assertThat(t.options())
        .containsExactly(
            "--cloud-provider",
            "aws-s3",
            "--endpoint-url",
            "http://10.244.0.1:9000",
            "--addressing-style",
            "path");
    assertThatThrownBy(() -> WalG.Target.of(Map.of("WALG_S3_PREFIX", "s3://bucket")))
        .hasMessageContaining("names only a bucket");
    assertThatThrownBy(() -> WalG.Target.of(Map.of()))
        .hasMessageContaining("WALG_S3_PREFIX is not set");
  }

  @Test
  void walPushAndFetchCallBarmanWithSpilosArguments() throws Exception {
    fake("barman-cloud-wal-archive", "");
    fake("barman-cloud-wal-restore", "");
    assertThat(run(env(), "wal-push", "pg_wal/000000010000000000000003").code()).isZero();
    assertThat(run(env(), "wal-fetch", "000000010000000000000003", "pg_wal/RECOVERYXLOG").code())
        .isZero();
    assertThat(calls())
        .contains(
            "barman-cloud-wal-archive --cloud-provider aws-s3 --endpoint-url http://10.244.0.1:9000"
                + " --addressing-style path s3://backups/spilo/acid-x/uid/wal 17"
                + " pg_wal/000000010000000000000003 region=eu-central-1",
            "barman-cloud-wal-restore --cloud-provider aws-s3 --endpoint-url"
                + " http://10.244.0.1:9000 --addressing-style path"
                + " s3://backups/spilo/acid-x/uid/wal 17 000000010000000000000003"
                + " pg_wal/RECOVERYXLOG");
  }

  @Test
  void aBackupListThatFailsOnceIsAskedAgain() throws Exception {
    fake("barman-cloud-backup-list", LIST_JSON);
    Path f = tmp.resolve("barman-cloud-backup-list");
    String script = Files.readString(f);
    // Fails (as barman does while it reads a backup being written) on the first call only.
    Files.writeString(
        f,
        script.replace(
            "#!/bin/sh\n",
            "#!/bin/sh\nif [ ! -e "
                + tmp.resolve("failed-once")
                + " ]; then touch "
                + tmp.resolve("failed-once")
                + "; exit 4; fi\n"));
    long before = WalG.LIST_RETRY_MILLIS;
    WalG.LIST_RETRY_MILLIS = 10;
    try {
      Run r = run(env(), "backup-list", "--json", "--detail");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("backup_name");
    } finally {
      WalG.LIST_RETRY_MILLIS = before;
    }
    assertThat(calls().lines().filter(l -> l.startsWith("barman-cloud-backup-list"))).hasSize(1);
  }

  @Test
  void backupListShowsFinishedBackupsOldestFirstInWalgsColumns() throws Exception {
    fake("barman-cloud-backup-list", LIST_JSON);
    Run r = run(env(), "backup-list");
    assertThat(r.code()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).startsWith("name").contains("modified", "wal_segment_backup_start");
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1))
        .startsWith("20261207T090000")
        .contains("2026-12-07T09:00:03Z", "000000010000000000000002");
    assertThat(lines.get(2)).startsWith("20261207T101500");
    Run json = run(env(), "backup-list", "--json", "--detail");
    assertThat(json.out())
        .contains(
            "\"backup_name\":\"20261207T101500\"",
            "\"start_lsn\":\"0/4000028\"",
            "\"pg_version\":17")
        .doesNotContain("20261207T110000");
  }

  @Test
  void deleteBeforeRemovesOnlyOlderBackupsAndOnlyWithConfirm() throws Exception {
    fake("barman-cloud-backup-list", LIST_JSON);
    fake("barman-cloud-backup-delete", "");
    Run dry = run(env(), "delete", "before", "FIND_FULL", "20261207T101500");
    assertThat(dry.out()).contains("would delete backup 20261207T090000");
    assertThat(calls()).doesNotContain("barman-cloud-backup-delete");
    Run real = run(env(), "delete", "before", "FIND_FULL", "20261207T101500", "--confirm");
    assertThat(real.code()).isZero();
    assertThat(calls())
        .contains("barman-cloud-backup-delete --cloud-provider aws-s3")
        .contains("-b 20261207T090000 s3://backups/spilo/acid-x/uid/wal 17")
        .doesNotContain("-b 20261207T101500");
    run(env(), "delete", "retain", "FULL", "1", "--confirm");
    assertThat(calls().lines().filter(l -> l.contains("backup-delete")).count()).isEqualTo(2);
  }

  @Test
  void unknownCommandsAndMissingBarmanAreUsageErrors() {
    Run r = run(env(), "st", "ls");
    assertThat(r.code()).isEqualTo(WalG.USAGE);
    assertThat(r.err()).contains("unknown command st");
    Map<String, String> noBarman = env();
    noBarman.remove(WalG.BARMAN_BIN);
    assertThat(run(noBarman, "wal-push", "x").err()).contains("barman-cloud is not installed");
  }

  @Test
  void parsesBarmansTimes() throws Exception {
    List<WalG.Backup> list = WalG.parseList(LIST_JSON);
    assertThat(list)
        .extracting(WalG.Backup::name)
        .containsExactly("20261207T090000", "20261207T101500");
    assertThat(list.get(1).finish()).isEqualTo(Instant.parse("2026-12-07T10:15:02.5Z"));
    assertThat(list.get(1).systemIdentifier()).isEqualTo(7716482535694616166L);
  }
}
