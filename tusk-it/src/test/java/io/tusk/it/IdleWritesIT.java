package io.tusk.it;

import static io.tusk.it.OperatorHarness.awaitStatus;
import static io.tusk.it.OperatorHarness.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.local.audit.AuditLog;
import io.tusk.local.audit.WriteCounts;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clusters that exist and run, with nobody changing anything, cost the API server (almost) no
 * writes: neither the operator nor the controllers, the scheduler or the node agent keep rewriting
 * the objects Tusk created (Endpoints, EndpointSlices, Events, pods), and the local node writes no
 * more than a kubelet's heartbeat. Counted over an idle minute from the API server's audit log, by
 * component. For comparison, Zalando's operator with 100 idle clusters left the control plane at
 * 1,382 writes in two minutes (6.9 per cluster and minute, all components together).
 */
@LocalKubernetes
class IdleWritesIT {
  @InjectClient static KubernetesClient client;
  @InjectCluster static LocalCluster cluster;
  static OperatorHarness operator;

  static final int CLUSTERS = 10;
  static final Duration WINDOW = Duration.ofMinutes(1);

  /** Writes about the test namespace's objects per cluster and minute, all components together. */
  static final double NAMESPACE_WRITES_PER_CLUSTER_AND_MINUTE = 1.0;

  /**
   * Heartbeat writes of the three local nodes per minute: a lease renewal every 5 s each (36) and
   * their conditions once a minute (3), with a margin for a tick that falls on the window's edge.
   */
  static final int NODE_HEARTBEATS_PER_MINUTE = 45;

  @BeforeAll
  static void createClusters() {
    operator = new OperatorHarness(cluster, Map.of()).start();
    for (int i = 0; i < CLUSTERS; i++) {
      Postgresql pg = manifest(client, "minimal.yaml");
      pg.getMetadata().setName("acid-idle-" + i);
      client.resource(pg).create();
    }
    for (int i = 0; i < CLUSTERS; i++) {
      awaitStatus(client, "acid-idle-" + i, "Running", Duration.ofMinutes(2));
    }
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  @Test
  void idleClustersCostNoWritesAndTheLocalNodesNoMoreThanKubeletHeartbeats() throws Exception {
    AuditLog audit = cluster.auditLog();
    String ns = cluster.namespace();
    // Once the pods are Ready the controllers finish within seconds: the window starts after 5 s
    // without a write about the namespace's objects (a namespace that never settles fails here).
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              Instant now = Instant.now();
              return audit.writes(now.minusSeconds(5), now).stream()
                  .noneMatch(w -> w.namespace().equals(ns));
            });

    Instant from = Instant.now();
    Thread.sleep(WINDOW.toMillis()); // the idle minute being measured
    Instant to = Instant.now();
    WriteCounts all = new WriteCounts(audit.writes(from, to));

    WriteCounts namespace = all.where(w -> w.namespace().equals(ns));
    assertThat(namespace.total())
        .as(
            "writes about %s's objects during an idle minute, by component: %s",
            ns, namespace.lines())
        .isLessThanOrEqualTo((int) (CLUSTERS * NAMESPACE_WRITES_PER_CLUSTER_AND_MINUTE));
    WriteCounts byOperator = all.where(w -> w.component().endsWith(":" + ns + ":tusk-operator"));
    assertThat(byOperator.total())
        .as("the operator's writes during an idle minute: %s", byOperator.lines())
        .isZero();
    WriteCounts heartbeats =
        all.where(w -> w.component().equals("node-agent") && HEARTBEAT.contains(w.resource()));
    assertThat(heartbeats.total())
        .as("the local nodes' heartbeat writes during an idle minute: %s", heartbeats.lines())
        .isLessThanOrEqualTo(NODE_HEARTBEATS_PER_MINUTE);
  }

  /** What a node's heartbeat writes: its Lease and its status. */
  static final Set<String> HEARTBEAT = Set.of("leases", "nodes");
}
