package io.tusk.images;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Installations as value objects, for tests that need no real software. */
public final class FakeInstallations {

  private FakeInstallations() {}

  /** A build with pg_stat_statements and file_fdw; {@code ssl} as given. */
  public static PostgresInstallation postgres(int major, boolean ssl) {
    return new PostgresInstallation(
        major,
        major + ".1",
        Path.of("/opt/fake/pg/" + major + "/bin"),
        ssl,
        Set.of("pg_stat_statements", "file_fdw", "pgcrypto"),
        Set.of("pg_stat_statements", "file_fdw", "pgcrypto"),
        "test build " + major);
  }

  /**
   * PostgreSQL 15 and 17 with SSL, 18 without (as on the reference machine), Patroni, PgBouncer,
   * barman-cloud, the AWS CLI.
   */
  public static Installations standard() {
    return new Installations(
        List.of(postgres(15, true), postgres(17, true), postgres(18, false)),
        Path.of("/opt/fake/patroni/bin/patroni"),
        "4.1.5",
        Path.of("/usr/sbin/pgbouncer"),
        "1.18.0",
        Path.of("/opt/fake/barman/bin"),
        "3.19.1",
        Path.of("/opt/fake/awscli/bin/aws"),
        "1.46.3");
  }
}
