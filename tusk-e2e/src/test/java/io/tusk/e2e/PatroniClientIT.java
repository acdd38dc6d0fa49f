package io.tusk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.api.acid.v1.Patroni;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.images.PostgresInstallation;
import io.tusk.it.OperatorHarness;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import io.tusk.patroni.ClusterMember;
import io.tusk.patroni.MemberStatus;
import io.tusk.patroni.PatroniClient;
import io.tusk.patroni.PatroniCluster;
import io.tusk.patroni.PatroniException;
import java.net.URI;
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
 * Tusk's Patroni client against real Patroni members of a two-instance cluster: what it reads
 * ({@code /cluster}, {@code /patroni}, {@code /config}, readiness), what it changes ({@code PATCH
 * /config} with a parameter reloaded live and one that needs a restart, {@code /restart}, {@code
 * /reload}, {@code /switchover}), and the errors it reports.
 */
@LocalKubernetes
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class PatroniClientIT {

  private static final String CLUSTER = "acid-patroni-client";
  private static final long LAG_LIMIT = 16L * 1024 * 1024;

  @InjectClient KubernetesClient client;
  @InjectCluster LocalCluster cluster;

  private final PatroniClient patroni = PatroniClient.withDefaults();
  private OperatorHarness operator;
  private ClusterView view;

  @BeforeAll
  void startCluster() throws Exception {
    view = new ClusterView(client, CLUSTER);
    operator = RealPodsOperator.start(cluster, Map.of());
    Postgresql pg = ClusterView.zalandoManifest(client, "minimal-postgres-manifest.yaml");
    pg.getMetadata().setName(CLUSTER);
    pg.getSpec().setUsers(Map.of());
    pg.getSpec().setDatabases(Map.of());
    pg.getSpec().setPreparedDatabases(null);
    int major = ClusterView.newestMajor(PostgresInstallation::ssl, "TLS support");
    pg.getSpec().getPostgresql().setVersion(Integer.toString(major));
    Patroni timings = new Patroni();
    timings.setTtl(20);
    timings.setLoopWait(2);
    timings.setRetryTimeout(3);
    pg.getSpec().setPatroni(timings);
    client.resources(Postgresql.class).resource(pg).create();
    OperatorHarness.awaitStatus(client, CLUSTER, "Running", Duration.ofMinutes(4));
    await("a Ready master and a Ready replica")
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> view.readyRoles().equals(List.of("master", "replica")));
  }

  @AfterAll
  void deleteCluster() {
    view.deleteAndAwaitPodsGone();
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  @Order(1)
  void readsTheClusterEachMemberAndTheDynamicConfiguration() {
    Pod master = view.masterPod();
    String masterName = master.getMetadata().getName();
    PatroniCluster members = patroni.cluster(api(master));

    assertThat(members.members()).hasSize(2);
    assertThat(members.leader()).map(ClusterMember::name).contains(masterName);
    ClusterMember replica =
        members.members().stream().filter(m -> !m.isLeader()).findFirst().orElseThrow();
    assertThat(replica.apiRoot()).isEqualTo(api(pod(replica.name())));
    await("the replica to report streaming")
        .atMost(Duration.ofMinutes(1))
        .until(() -> patroni.cluster(api(master)).member(replica.name()).get().isReplicating());

    MemberStatus leaderStatus = patroni.patroni(api(master));
    assertThat(leaderStatus.name()).isEqualTo(masterName);
    assertThat(leaderStatus.isPrimary()).isTrue();
    assertThat(leaderStatus.isRunning()).isTrue();
    assertThat(leaderStatus.serverVersion() / 10000).isEqualTo(Integer.parseInt(majorOf()));
    assertThat(patroni.patroni(api(pod(replica.name()))).role()).isEqualTo("replica");

    ObjectNode config = patroni.config(api(master));
    assertThat(config.path("ttl").asInt()).isEqualTo(20);
    assertThat(config.path("loop_wait").asInt()).isEqualTo(2);
  }

  @Test
  @Order(2)
  void readinessIsTrueOnTheLeaderAndOnAStreamingReplicaWithinTheLagLimit() {
    assertThat(patroni.ready(api(view.masterPod()), LAG_LIMIT)).isTrue();
    await("the replica to be ready within the lag limit")
        .atMost(Duration.ofMinutes(1))
        .until(() -> patroni.ready(api(replicaPod()), LAG_LIMIT));
    assertThat(patroni.isSyncStandby(api(replicaPod())))
        .as("no synchronous mode: no sync standby")
        .isFalse();
  }

  @Test
  @Order(3)
  void aReloadOnlyParameterPatchedIntoTheConfigurationReachesEveryMemberWithoutARestart()
      throws Exception {
    Pod master = view.masterPod();
    String replicaStart = patroni.patroni(api(replicaPod())).postmasterStartTime();
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.putObject("postgresql").putObject("parameters").put("log_min_duration_statement", 250);

    ObjectNode after = patroni.patchConfig(api(master), patch);

    assertThat(
            after.path("postgresql").path("parameters").path("log_min_duration_statement").asInt())
        .isEqualTo(250);
    assertThat(after.path("ttl").asInt()).as("other keys kept").isEqualTo(20);
    for (Pod p : view.pods()) {
      await("log_min_duration_statement on " + p.getMetadata().getName())
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> "250ms".equals(Sql.value(login(p), "show log_min_duration_statement")));
    }
    assertThat(patroni.patroni(api(replicaPod())).postmasterStartTime()).isEqualTo(replicaStart);
    patroni.reload(api(replicaPod()));

    ObjectNode removal = JsonNodeFactory.instance.objectNode();
    removal.putObject("postgresql").putObject("parameters").putNull("log_min_duration_statement");
    assertThat(
            patroni
                .patchConfig(api(master), removal)
                .path("postgresql")
                .path("parameters")
                .has("log_min_duration_statement"))
        .isFalse();
  }

  @Test
  @Order(4)
  void aRestartParameterLeavesMembersPendingUntilRestartedOnlyIfPending() {
    Pod master = view.masterPod();
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.putObject("postgresql").putObject("parameters").put("max_connections", 120);
    patroni.patchConfig(api(master), patch);
    Pod replica = replicaPod();
    await("the replica to report a pending restart for max_connections")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                patroni
                    .patroni(api(replica))
                    .pendingRestartParameters()
                    .contains("max_connections"));
    String before = patroni.patroni(api(replica)).postmasterStartTime();

    patroni.restart(api(replica), true, Duration.ofSeconds(60));

    MemberStatus restarted = patroni.patroni(api(replica));
    assertThat(restarted.postmasterStartTime()).isNotEqualTo(before);
    assertThat(restarted.pendingRestart()).isFalse();
    assertThat(patroni.patroni(api(master)).pendingRestart())
        .as("the primary still waits: it was not restarted")
        .isTrue();
  }

  @Test
  @Order(5)
  void switchoverErrorsNameTheCallAndPatronisAnswer() {
    Pod master = view.masterPod();
    assertThatThrownBy(
            () -> patroni.switchover(api(master), master.getMetadata().getName(), "no-such-member"))
        .isInstanceOfSatisfying(
            PatroniException.class,
            e -> {
              assertThat(e.status()).isEqualTo(412);
              assertThat(e.getMessage()).contains("POST /switchover").contains("412");
            });
    assertThatThrownBy(() -> patroni.patroni(URI.create("http://127.0.0.1:1")))
        .isInstanceOfSatisfying(
            PatroniException.class,
            e -> {
              assertThat(e.answered()).isFalse();
              assertThat(e.getMessage()).contains("GET /patroni on http://127.0.0.1:1 failed");
            });
  }

  @Test
  @Order(6)
  void aSwitchoverMovesTheLeaderToTheCandidateOnANewTimeline() {
    Pod master = view.masterPod();
    Pod replica = replicaPod();
    await("the replica to be ready within the lag limit")
        .atMost(Duration.ofMinutes(1))
        .until(() -> patroni.ready(api(replica), LAG_LIMIT));
    int timeline = patroni.patroni(api(master)).timeline();

    String answer =
        patroni.switchover(
            api(master), master.getMetadata().getName(), replica.getMetadata().getName());

    assertThat(answer).contains(replica.getMetadata().getName());
    PatroniCluster after = patroni.cluster(api(replica));
    assertThat(after.leader()).map(ClusterMember::name).contains(replica.getMetadata().getName());
    assertThat(patroni.patroni(api(replica)).timeline()).isEqualTo(timeline + 1);
    await("the old primary back as a replica")
        .atMost(Duration.ofMinutes(1))
        .ignoreExceptions()
        .until(() -> "replica".equals(patroni.patroni(api(master)).role()));
  }

  private String majorOf() {
    return client
        .resources(Postgresql.class)
        .withName(CLUSTER)
        .get()
        .getSpec()
        .getPostgresql()
        .getVersion();
  }

  private Pod pod(String name) {
    return client.pods().withName(name).get();
  }

  private Pod replicaPod() {
    String master = view.masterPod().getMetadata().getName();
    return view.pods().stream()
        .filter(p -> !p.getMetadata().getName().equals(master))
        .findFirst()
        .orElseThrow();
  }

  private static URI api(Pod p) {
    return PatroniClient.apiRoot(p.getStatus().getPodIP());
  }

  private Sql.Login login(Pod p) {
    return view.superuser().on(p.getStatus().getPodIP());
  }
}
