package io.tusk.spec.naming;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.config.Options;
import io.tusk.spec.Fixtures;
import io.tusk.spec.PostgresRole;
import org.junit.jupiter.api.Test;

/**
 * Names of generated objects; trimming from Zalando's util_test.go#Test_trimCronjobName, cluster
 * names from v1/util_test.go#TestClusterName.
 */
class ClusterNamesTest {

  private final ClusterNames names =
      ClusterNames.of(Fixtures.model(Fixtures.cluster("acid-minimal-cluster", "default", s -> {})));

  @Test
  void objectNames() {
    assertThat(names.statefulSet()).isEqualTo("acid-minimal-cluster");
    assertThat(names.service(PostgresRole.MASTER)).isEqualTo("acid-minimal-cluster");
    assertThat(names.service(PostgresRole.REPLICA)).isEqualTo("acid-minimal-cluster-repl");
    assertThat(names.endpoints(PostgresRole.MASTER)).isEqualTo("acid-minimal-cluster");
    assertThat(names.patroniConfig()).isEqualTo("acid-minimal-cluster-config");
    assertThat(names.patroniDcsObjects(true))
        .containsExactly(
            "acid-minimal-cluster-leader",
            "acid-minimal-cluster-config",
            "acid-minimal-cluster-failover",
            "acid-minimal-cluster-sync");
    assertThat(names.patroniDcsObjects(false))
        .contains("acid-minimal-cluster")
        .doesNotContain("acid-minimal-cluster-leader");
    assertThat(names.pod(1)).isEqualTo("acid-minimal-cluster-1");
    assertThat(names.persistentVolumeClaim(0)).isEqualTo("pgdata-acid-minimal-cluster-0");
    assertThat(names.primaryPodDisruptionBudget()).isEqualTo("postgres-acid-minimal-cluster-pdb");
    assertThat(names.criticalOpPodDisruptionBudget())
        .isEqualTo("postgres-acid-minimal-cluster-critical-op-pdb");
    assertThat(names.pooler(PostgresRole.MASTER)).isEqualTo("acid-minimal-cluster-pooler");
    assertThat(names.pooler(PostgresRole.REPLICA)).isEqualTo("acid-minimal-cluster-pooler-repl");
    assertThat(names.poolerAuthSecret(PostgresRole.REPLICA))
        .isEqualTo("acid-minimal-cluster-pooler-repl-u");
    assertThat(names.logicalBackupCronJob()).isEqualTo("logical-backup-acid-minimal-cluster");
  }

  @Test
  void credentialSecretNames() {
    assertThat(names.credentialSecret("postgres"))
        .isEqualTo("postgres.acid-minimal-cluster.credentials.postgresql.acid.zalan.do");
    assertThat(names.credentialSecret("foo_user"))
        .isEqualTo("foo-user.acid-minimal-cluster.credentials.postgresql.acid.zalan.do");
    assertThat(names.credentialSecret("appspace.db_user"))
        .isEqualTo("appspace.db-user.acid-minimal-cluster.credentials.postgresql.acid.zalan.do");
    assertThat(names.credentialSecret("standby", "other"))
        .isEqualTo("standby.other.credentials.postgresql.acid.zalan.do");
  }

  @Test
  void cronJobNameTrimmedTo52WithoutTrailingDash() {
    String shortName =
        ClusterNames.of("acid-minimal-cluster", "default", "acid", Fixtures.config())
            .logicalBackupCronJob();
    assertThat(shortName).isEqualTo("logical-backup-acid-minimal-cluster");
    // 15 characters of prefix leave 37 of the cluster name
    String longName =
        ClusterNames.of(
                "acid-cluster-with-a-very-long-name-that-exceeds",
                "default",
                "acid",
                Fixtures.config())
            .logicalBackupCronJob();
    assertThat(longName)
        .isEqualTo("logical-backup-acid-cluster-with-a-very-long-name-th")
        .hasSize(52);
    String dash =
        ClusterNames.of("a23456789012345678901234567890123456-b", "ns", "acid", Fixtures.config())
            .logicalBackupCronJob();
    assertThat(dash).isEqualTo("logical-backup-a23456789012345678901234567890123456").hasSize(51);
  }

  @Test
  void teamPrefix() {
    assertThat(ClusterNames.clusterNameWithoutTeamPrefix("acid-test", "acid")).contains("test");
    assertThat(ClusterNames.clusterNameWithoutTeamPrefix("acid-test", "ACID")).contains("test");
    assertThat(ClusterNames.clusterNameWithoutTeamPrefix("ACID-test", "acid"))
        .as("not DNS-1035")
        .isEmpty();
    assertThat(ClusterNames.clusterNameWithoutTeamPrefix("test", "acid")).isEmpty();
    assertThat(ClusterNames.teamPrefixProblem("acid", "acid"))
        .hasValueSatisfying(r -> assertThat(r).contains("{TEAM}-{NAME}"));
    assertThat(ClusterNames.teamPrefixProblem("acid-test", "")).contains("team name is empty");
    assertThat(ClusterNames.teamPrefixProblem("foo-test", "acid"))
        .contains("name must match {TEAM}-{NAME} format");
    assertThat(ClusterNames.teamPrefixProblem("acid-" + "x".repeat(60), "acid"))
        .hasValueSatisfying(r -> assertThat(r).contains("longer than 58"));
    assertThat(ClusterNames.teamPrefixProblem("acid-Test", "acid"))
        .hasValueSatisfying(r -> assertThat(r).contains("DNS-1035"));
  }

  @Test
  void dnsNames() {
    ClusterNames n = ClusterNames.of("acid-test", "prod", "ACID", Fixtures.config());
    assertThat(n.dnsName(PostgresRole.MASTER))
        .isEqualTo("acid-test.prod.db.example.com,test.acid.db.example.com");
    assertThat(n.dnsName(PostgresRole.REPLICA))
        .isEqualTo("acid-test-repl.prod.db.example.com,test-repl.acid.db.example.com");
    ClusterNames custom =
        ClusterNames.of(
            "my-db", "prod", "acid", Fixtures.config(Options.DB_HOSTED_ZONE, "Zone.Example.ORG"));
    assertThat(custom.dnsName(PostgresRole.MASTER)).isEqualTo("my-db.prod.zone.example.org");
  }

  @Test
  void templateFormatting() {
    assertThat(ClusterNames.format("{a}-{b}-{a}-{c}", "a", "1", "b", "2")).isEqualTo("1-2-1-{c}");
  }
}
