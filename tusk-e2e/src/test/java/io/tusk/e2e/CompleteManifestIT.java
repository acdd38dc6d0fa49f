package io.tusk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.it.OperatorHarness;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Zalando's complete example manifest on real pods, changed only in its PostgreSQL version (the
 * newest installed major that has the extensions it asks for): the cluster reaches {@code Running},
 * and inside PostgreSQL the roles, databases, schemas, extensions and parameters are what the
 * manifest asks for; every Secret the operator generated logs in.
 */
@LocalKubernetes
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class CompleteManifestIT {

  static final String CLUSTER = "acid-test-cluster";

  @InjectClient KubernetesClient client;
  @InjectCluster LocalCluster cluster;

  private OperatorHarness operator;
  private ClusterView view;

  @BeforeAll
  void startOperator() {
    view = new ClusterView(client, CLUSTER);
    operator = RealPodsOperator.start(cluster, Map.of());
  }

  @AfterAll
  void stopOperator() {
    if (operator != null) {
      client.resources(Postgresql.class).withName(CLUSTER).delete();
      await().atMost(Duration.ofMinutes(2)).until(() -> view.pods().isEmpty());
      operator.close();
    }
  }

  @Test
  @Order(1)
  void reachesRunningWithTheInitContainerRunFirst() throws Exception {
    Postgresql pg = ClusterView.zalandoManifest(client, "complete-postgres-manifest.yaml");
    int major =
        ClusterView.newestMajor(
            i -> i.ssl() && i.extensions().containsAll(List.of("pg_partman", "pgcrypto")),
            "TLS and the extensions pg_partman and pgcrypto");
    pg.getSpec().getPostgresql().setVersion(Integer.toString(major));
    client.resources(Postgresql.class).resource(pg).create();

    OperatorHarness.awaitStatus(client, CLUSTER, "Running", HighAvailabilityScenario.START);
    await("a Ready master and a Ready replica")
        .atMost(HighAvailabilityScenario.START)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> view.readyRoles().equals(List.of("master", "replica")));
    for (Pod p : view.pods()) {
      List<ContainerStatus> init = p.getStatus().getInitContainerStatuses();
      assertThat(init).extracting(ContainerStatus::getName).containsExactly("date");
      assertThat(init.get(0).getState().getTerminated().getExitCode()).isZero();
    }
  }

  @Test
  @Order(2)
  void rolesAreWhatTheManifestAsksFor() throws SQLException {
    Sql.Login su = view.superuser();
    // name, superuser, createdb, login
    List<String> roles =
        Sql.column(
            su,
            "select rolname || ' ' || rolsuper || ' ' || rolcreatedb || ' ' || rolcanlogin"
                + " from pg_roles where rolname in ('zalando', 'foo_user', 'bar_owner',"
                + " 'bar_reader', 'bar_writer', 'bar_owner_user', 'bar_reader_user',"
                + " 'bar_writer_user', 'bar_data_owner', 'bar_data_reader', 'bar_data_writer',"
                + " 'bar_history_owner', 'bar_history_reader', 'bar_history_writer',"
                + " 'bar_history_owner_user') order by 1");
    assertThat(roles)
        .containsExactly(
            "bar_data_owner false false false",
            "bar_data_reader false false false",
            "bar_data_writer false false false",
            "bar_history_owner false false false",
            "bar_history_reader false false false",
            "bar_history_writer false false false",
            "bar_owner false false false",
            "bar_owner_user false false true",
            "bar_reader false false false",
            "bar_reader_user false false true",
            "bar_writer false false false",
            "bar_writer_user false false true",
            "foo_user false false true",
            "zalando true true true");
    // The _user roles act as their group; writers read too; schema roles belong to the database's.
    for (String[] m :
        List.of(
            new String[] {"bar_owner_user", "bar_owner"},
            new String[] {"bar_reader_user", "bar_reader"},
            new String[] {"bar_writer_user", "bar_writer"},
            new String[] {"bar_writer", "bar_reader"},
            new String[] {"bar_owner", "bar_writer"},
            new String[] {"bar_data_owner", "bar_data_writer"},
            new String[] {"bar_owner", "bar_data_owner"})) {
      assertThat(Sql.value(su, "select pg_has_role('" + m[0] + "', '" + m[1] + "', 'member')"))
          .as("%s is a member of %s", m[0], m[1])
          .isEqualTo("t");
    }
  }

  @Test
  @Order(3)
  void databasesSchemasAndExtensionsAreWhatTheManifestAsksFor() throws SQLException {
    Sql.Login su = view.superuser();
    assertThat(
            Sql.column(
                su,
                "select datname || ' ' || pg_get_userbyid(datdba) from pg_database"
                    + " where datname in ('foo', 'bar') order by 1"))
        .containsExactly("bar bar_owner", "foo zalando");
    Sql.Login bar = su.in("bar");
    assertThat(
            Sql.column(
                bar,
                "select nspname || ' ' || pg_get_userbyid(nspowner) from pg_namespace"
                    + " where nspname in ('data', 'history') order by 1"))
        .containsExactly("data bar_data_owner", "history bar_history_owner");
    assertThat(
            Sql.column(
                bar,
                "select extname || ' ' || extnamespace::regnamespace from pg_extension"
                    + " where extname in ('pg_partman', 'pgcrypto') order by 1"))
        .containsExactly("pg_partman public", "pgcrypto public");
    // The reader role of the schema may read what its owner creates there later.
    Sql.execute(bar, "set role bar_data_owner; create table data.t (id int)");
    assertThat(Sql.value(bar, "select has_table_privilege('bar_data_reader', 'data.t', 'SELECT')"))
        .isEqualTo("t");
  }

  @Test
  @Order(4)
  void parametersAndInitdbOptionsAreApplied() throws SQLException {
    Sql.Login su = view.superuser();
    assertThat(Sql.value(su, "show shared_buffers")).isEqualTo("32MB");
    // The manifest asks for 10, but Patroni validates cluster-wide settings given on its command
    // line and falls back to its default below 25 (max_connections: IntValidator(min=25)); the
    // same happens with Zalando's operator and Spilo.
    assertThat(Sql.value(su, "show max_connections")).isEqualTo("100");
    assertThat(Sql.value(su, "show log_statement")).isEqualTo("all");
    assertThat(Sql.value(su, "show data_checksums")).isEqualTo("on");
    assertThat(Sql.value(su, "select datcollate from pg_database where datname = 'postgres'"))
        .isEqualTo("en_US.UTF-8");
  }

  @Test
  @Order(5)
  void everyGeneratedSecretLogsIn() throws SQLException {
    List<Secret> secrets = view.secrets();
    assertThat(secrets)
        .extracting(s -> ClusterView.decode(s, "username"))
        .containsExactlyInAnyOrder(
            "postgres",
            "standby",
            "zalando",
            "foo_user",
            "bar_owner_user",
            "bar_reader_user",
            "bar_writer_user");
    for (Secret s : secrets) {
      String user = ClusterView.decode(s, "username");
      String database = user.startsWith("bar_") ? "bar" : "postgres";
      assertThat(Sql.value(view.login(s, database), "select current_user"))
          .as("login of %s", user)
          .isEqualTo(user);
    }
  }
}
