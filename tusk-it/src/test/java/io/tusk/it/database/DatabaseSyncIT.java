package io.tusk.it.database;

import static io.tusk.it.database.DatabaseHarness.awaitStatus;
import static io.tusk.it.database.DatabaseHarness.column;
import static io.tusk.it.database.DatabaseHarness.events;
import static io.tusk.it.database.DatabaseHarness.logsIn;
import static io.tusk.it.database.DatabaseHarness.manifest;
import static io.tusk.it.database.DatabaseHarness.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import io.tusk.operator.database.ManagedNames;
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
 * The operator makes a real PostgreSQL match a manifest: users, databases, prepared databases and
 * an infrastructure role; the generated Secrets log in; a periodic sync with nothing changed sends
 * no write statement; a user removed from the manifest loses LOGIN; a role PostgreSQL refuses to
 * change puts the cluster into SyncFailed, naming it, until the cause is repaired.
 */
@LocalKubernetes
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseSyncIT {
  private static final String NAME = "acid-db";
  private static final String MANIFEST =
      """
      apiVersion: acid.zalan.do/v1
      kind: postgresql
      metadata:
        name: acid-db
      spec:
        teamId: acid
        numberOfInstances: 1
        volume: {size: 1Gi}
        postgresql: {version: "17"}
        users:
          app_owner: [createdb]
          app_user: []
          temp_user: []
        databases:
          app: app_owner
        preparedDatabases:
          shop:
            defaultUsers: true
            schemas:
              data: {}
              history: {defaultRoles: false}
      """;

  @InjectClient static KubernetesClient client;
  @InjectCluster static LocalCluster cluster;
  static LocalPostgres postgres;
  static DatabaseHarness operator;

  @BeforeAll
  static void start() {
    postgres = LocalPostgres.start();
    // An infrastructure role in the old numbered format, in the operator's namespace.
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("tusk-infra-roles")
                .endMetadata()
                .withStringData(Map.of("user1", "robot_zmon", "password1", "zmon-secret"))
                .build())
        .create();
    operator =
        new DatabaseHarness(
                cluster,
                postgres,
                Map.of(
                    "kubernetes_use_configmaps", "true",
                    "enable_teams_api", "false",
                    "infrastructure_roles_secret_name", "tusk-infra-roles",
                    "resync_period", "15s",
                    "repair_period", "5s"))
            .start();
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

  private static List<String> roles() throws Exception {
    return column(postgres, "postgres", "SELECT rolname FROM pg_roles WHERE rolname !~ '^pg_'");
  }

  private static List<Secret> clusterSecrets() {
    return client.secrets().withLabel("cluster-name", NAME).list().getItems();
  }

  @Test
  @Order(1)
  void createsTheUsersDatabasesAndPreparedDatabasesOfTheManifest() throws Exception {
    // The superuser's password is chosen by creating its Secret before the cluster; this also
    // makes it a user-supplied Secret, which Tusk must use and never overwrite.
    operator.createCredentialsSecret(NAME, "postgres", postgres.superuserPassword());
    client.resource(manifest(client, MANIFEST)).create();

    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () ->
                assertThat(roles())
                    .contains(
                        "app_owner",
                        "app_user",
                        "temp_user",
                        "standby",
                        "robot_zmon",
                        "shop_owner",
                        "shop_reader",
                        "shop_writer",
                        "shop_owner_user",
                        "shop_reader_user",
                        "shop_writer_user",
                        "shop_data_owner",
                        "shop_data_reader",
                        "shop_data_writer"));
    awaitStatus(client, NAME, "Running");

    assertThat(
            column(
                postgres,
                "postgres",
                "SELECT datname || ':' || pg_get_userbyid(datdba)"
                    + " FROM pg_database WHERE datname IN ('app', 'shop') ORDER BY 1"))
        .containsExactly("app:app_owner", "shop:shop_owner");
    assertThat(
            column(
                postgres,
                "postgres",
                "SELECT rolcreatedb::text FROM pg_roles WHERE rolname = 'app_owner'"))
        .containsExactly("true");
    assertThat(
            column(
                postgres,
                "shop",
                "SELECT nspname || ':' || pg_get_userbyid(nspowner)"
                    + " FROM pg_namespace WHERE nspname IN ('data', 'history') ORDER BY 1"))
        .containsExactly("data:shop_data_owner", "history:shop_owner");
    assertThat(
            column(
                postgres,
                "postgres",
                "SELECT rolname FROM pg_roles r WHERE pg_has_role('shop_writer_user', r.oid,"
                    + " 'MEMBER') AND rolname LIKE 'shop%' ORDER BY 1"))
        .contains("shop_reader", "shop_writer");

    // The user-supplied superuser Secret is used as it is.
    Secret superuser =
        client
            .secrets()
            .withName("postgres." + NAME + ".credentials.postgresql.acid.zalan.do")
            .get();
    assertThat(value(superuser, "password")).isEqualTo(postgres.superuserPassword());
    assertThat(superuser.getMetadata().getLabels()).containsEntry("cluster-name", NAME);

    // The infrastructure role has its configured password and a Secret written by the sync.
    Secret infra =
        client
            .secrets()
            .withName("robot-zmon." + NAME + ".credentials.postgresql.acid.zalan.do")
            .get();
    assertThat(value(infra, "password")).isEqualTo("zmon-secret");

    Postgresql pg = client.resources(Postgresql.class).withName(NAME).get();
    ManagedNames managed = ManagedNames.read(pg.getMetadata().getAnnotations());
    assertThat(managed.roles()).contains("app_user", "temp_user", "shop_writer_user", "robot_zmon");
    assertThat(managed.databases()).containsExactlyInAnyOrder("app", "shop");
    assertThat(events(client, NAME))
        .anySatisfy(
            e -> {
              assertThat(e.getReason()).isEqualTo("Create");
              assertThat(e.getMessage())
                  .contains("created roles", "\"app_user\"", "created databases");
            });
  }

  @Test
  @Order(2)
  void everyGeneratedSecretLogsIn() {
    List<Secret> secrets = clusterSecrets();
    assertThat(secrets)
        .extracting(s -> value(s, "username"))
        .contains(
            "postgres",
            "standby",
            "app_owner",
            "app_user",
            "temp_user",
            "shop_owner_user",
            "shop_reader_user",
            "shop_writer_user",
            "robot_zmon");
    for (Secret s : secrets) {
      String user = value(s, "username");
      assertThat(logsIn(postgres, user, value(s, "password")))
          .as("%s logs in with the password of %s", user, s.getMetadata().getName())
          .isTrue();
      assertThat(logsIn(postgres, user, value(s, "password") + "x")).isFalse();
    }
  }

  @Test
  @Order(3)
  void aPeriodicSyncWithNothingChangedSendsNoWriteStatement() {
    long mark = postgres.logMark();
    // resync_period is 15s: wait for two syncs to start, so that the first has finished.
    operator.awaitSyncs(operator.syncs(), 2);
    assertThat(postgres.ddlSince(mark)).isEmpty();
  }

  @Test
  @Order(4)
  void aUserRemovedFromTheManifestLosesLogin() throws Exception {
    DatabaseHarness.remove(client, NAME, "/spec/users/temp_user");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        column(
                            postgres,
                            "postgres",
                            "SELECT rolcanlogin::text FROM pg_roles WHERE rolname = 'temp_user'"))
                    .containsExactly("false"));
    awaitStatus(client, NAME, "Running");
    assertThat(events(client, NAME))
        .anySatisfy(
            e ->
                assertThat(e.getMessage())
                    .contains("revoked LOGIN of roles \"temp_user\" (no longer wanted)"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        ManagedNames.read(
                                client
                                    .resources(Postgresql.class)
                                    .withName(NAME)
                                    .get()
                                    .getMetadata()
                                    .getAnnotations())
                            .roles())
                    .doesNotContain("temp_user")
                    .contains("app_user"));
  }

  @Test
  @Order(5)
  void aRoleThatCannotBeChangedFailsTheSyncNamingItUntilRepaired() throws Exception {
    // Reverse the prepared roles' membership behind Tusk's back: granting shop_reader to
    // shop_writer again would now be circular, and PostgreSQL refuses it.
    postgres.execute(
        "postgres", "REVOKE shop_reader FROM shop_writer", "GRANT shop_writer TO shop_reader");
    // The periodic verification (resync_period 15s) finds it.
    awaitStatus(client, NAME, "SyncFailed", "role \"shop_writer\"");
    assertThat(events(client, NAME))
        .anySatisfy(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getReason()).isEqualTo("SyncFailed");
              assertThat(e.getMessage()).contains("role \"shop_writer\"");
            });

    postgres.execute("postgres", "REVOKE shop_writer FROM shop_reader");
    // Retried after repair_period (5s) and repaired.
    awaitStatus(client, NAME, "Running");
    assertThat(
            column(
                postgres,
                "postgres",
                "SELECT pg_has_role('shop_writer', 'shop_reader', 'MEMBER')::text"))
        .containsExactly("true");
  }
}
