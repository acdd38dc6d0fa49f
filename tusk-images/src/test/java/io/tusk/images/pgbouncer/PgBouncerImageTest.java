package io.tusk.images.pgbouncer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.images.ContainerContext;
import io.tusk.images.FakeInstallations;
import io.tusk.images.ImageCatalog;
import io.tusk.images.LaunchPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgBouncerImageTest {

  @TempDir Path tmp;

  private LaunchPlan prepare(Map<String, Path> mounts) throws Exception {
    Path scratch = Files.createDirectories(tmp.resolve("s"));
    ContainerContext ctx =
        new ContainerContext(
            "acid-minimal-cluster-pooler-6d9f-abcde",
            "default",
            "10.244.0.9",
            "connection-pooler",
            List.of(),
            List.of(),
            PoolerEnv.of("acid-minimal-cluster", "5432"),
            mounts,
            scratch,
            null,
            null,
            null);
    return ImageCatalog.standard(FakeInstallations.standard())
        .resolve("ghcr.io/zalando/postgres-operator/pgbouncer:v2.0.1")
        .orElseThrow()
        .prepare(ctx);
  }

  @Test
  void runsPgBouncerInTheForegroundWithAMountedUserlist() throws Exception {
    Path secret = Files.createDirectories(tmp.resolve("secret"));
    Files.writeString(secret.resolve("userlist.txt"), "\"pooler\" \"from-secret\"\n");
    LaunchPlan plan =
        prepare(Map.of("/etc/pgbouncer/userlist.txt", secret.resolve("userlist.txt")));
    Path scratch = tmp.resolve("s");
    assertThat(plan.command())
        .containsExactly("/usr/sbin/pgbouncer", scratch.resolve("pgbouncer.ini").toString());
    assertThat(Files.readString(scratch.resolve("userlist.txt")))
        .isEqualTo("\"pooler\" \"from-secret\"\n");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(scratch.resolve("userlist.txt"))))
        .isEqualTo("rw-------");
    String ini = Files.readString(scratch.resolve("pgbouncer.ini"));
    assertThat(ini)
        .contains("auth_file = " + scratch.resolve("userlist.txt"))
        .contains("client_tls_cert_file = " + scratch.resolve("certs/pgbouncer.crt"))
        .doesNotContain("auth_dbname"); // PgBouncer 1.18 here
    assertThat(Files.readString(scratch.resolve("certs/pgbouncer.crt")))
        .contains("BEGIN CERTIFICATE");
    assertThat(plan.env()).doesNotContainKeys("PGPASSWORD");
    assertThat(plan.notes()).anyMatch(n -> n.contains("mounted"));
  }

  @Test
  void withoutTheSecretTheUserlistComesFromTheEnvironment() throws Exception {
    prepare(Map.of());
    assertThat(Files.readString(tmp.resolve("s/userlist.txt")))
        .isEqualTo("\"pooler\" \"pooler-secret\"\n");
  }
}
