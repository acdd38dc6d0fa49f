package io.tusk.it.database;

import static io.tusk.it.database.DatabaseHarness.awaitStatus;
import static io.tusk.it.database.DatabaseHarness.column;
import static io.tusk.it.database.DatabaseHarness.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tusk.api.acid.v1.PostgresTeam;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import io.tusk.sql.testing.LocalPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * With {@code enable_postgres_team_crd} the operator watches PostgresTeam resources: a member added
 * to the cluster's team, or to an additional team of it, gets a role within seconds, not at the
 * next periodic sync ({@code resync_period} is 30 minutes here); a change that concerns another
 * team does not touch the cluster.
 */
@LocalKubernetes
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresTeamWatchIT {
  private static final String NAME = "acid-teams";
  private static final String MANIFEST =
      """
      apiVersion: acid.zalan.do/v1
      kind: postgresql
      metadata:
        name: acid-teams
      spec:
        teamId: acid
        numberOfInstances: 1
        volume: {size: 1Gi}
        postgresql: {version: "17"}
      """;

  @InjectClient static KubernetesClient client;
  @InjectCluster static LocalCluster cluster;
  static LocalPostgres postgres;
  static DatabaseHarness operator;

  @BeforeAll
  static void start() {
    postgres = LocalPostgres.start();
    client.resource(team("membership", "{additionalMembers: {acid: [jane]}}")).create();
    operator =
        new DatabaseHarness(
                cluster,
                postgres,
                Map.of(
                    "kubernetes_use_configmaps", "true",
                    "enable_postgres_team_crd", "true",
                    "resync_period", "30m"))
            .start();
    operator.createCredentialsSecret(NAME, "postgres", postgres.superuserPassword());
    client.resource(manifest(client, MANIFEST)).create();
    awaitStatus(client, NAME, "Running");
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  private static PostgresTeam team(String name, String spec) {
    return client
        .getKubernetesSerialization()
        .unmarshal(
            "apiVersion: acid.zalan.do/v1\nkind: PostgresTeam\nmetadata: {name: "
                + name
                + "}\nspec: "
                + spec,
            PostgresTeam.class);
  }

  private static List<String> loginRoles() throws Exception {
    return column(
        postgres,
        "postgres",
        "SELECT rolname FROM pg_roles WHERE rolcanlogin"
            + " AND rolname IN ('jane', 'joe', 'kim', 'lee') ORDER BY 1");
  }

  private static void patchSpec(String name, String specJson) {
    client
        .resources(PostgresTeam.class)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":" + specJson + "}");
  }

  @Test
  @Order(1)
  void aMemberAddedToTheClustersTeamGetsARoleWithinSeconds() throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(loginRoles()).containsExactly("jane"));
    patchSpec("membership", "{\"additionalMembers\":{\"acid\":[\"jane\",\"joe\"]}}");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(loginRoles()).containsExactly("jane", "joe"));
  }

  @Test
  @Order(2)
  void aMemberOfAnAdditionalTeamGetsARoleToo() throws Exception {
    // A second resource makes bi an additional team of acid; its members belong to the cluster.
    client
        .resource(
            team(
                "analytics",
                "{additionalTeams: {acid: [bi]}, additionalMembers: {bi: [kim], web: [lee]}}"))
        .create();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(loginRoles()).containsExactly("jane", "joe", "kim"));
    int syncs = operator.syncs();
    patchSpec("analytics", "{\"additionalMembers\":{\"web\":[\"lee\",\"max\"]}}");
    // web is no team of this cluster: its change does not reconcile it.
    Thread.sleep(5000);
    assertThat(operator.syncs()).isEqualTo(syncs);
    assertThat(loginRoles()).doesNotContain("lee");
  }
}
