package io.tusk.it;

import static io.tusk.it.OperatorHarness.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Source;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.LocalKubernetes;
import io.tusk.operator.observe.LeaderWatch;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.labels.Labels;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The leader wait against a real API server: nothing tells the operator that Patroni labelled a pod
 * (no object it watches changes with the label), so while no pod is the leader it lists the pods
 * again at its next look, 2 seconds on, and sees the label there; it does not wait for the
 * one-minute warning. The pod here is a plain one with the cluster's labels (no Spilo, so the node
 * agent's simulation leaves its labels alone); the watch's clock is the test's.
 */
@LocalKubernetes
class LeaderWatchIT {
  @InjectClient static KubernetesClient client;

  private Instant now = Instant.parse("2026-12-07T12:00:00Z");

  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  @Test
  void aLeaderLabelledWhileNothingElseChangesIsSeenAtTheNextLook() {
    OperatorConfig cfg = OperatorConfig.defaults(Source.CONFIGMAP);
    Postgresql pg = manifest(client, "minimal.yaml");
    pg.getMetadata().setName("acid-watched");
    pg.getMetadata().setNamespace(client.getNamespace());
    Labels labels = Labels.of(ClusterModel.of(pg, cfg));
    client
        .pods()
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("acid-watched-0")
                .withLabels(labels.base())
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("postgres")
                .withImage("registry.example/plain:1")
                .endContainer()
                .endSpec()
                .build())
        .create();
    await("the pod running")
        .atMost(Duration.ofSeconds(60))
        .until(() -> "Running".equals(pod().getStatus().getPhase()));
    LeaderWatch watch = new LeaderWatch(client, clock);

    Optional<LeaderWatch.Finding> waiting = watch.check(pg, cfg, Optional.empty(), "7");
    assertThat(waiting).isPresent();
    assertThat(waiting.get().leaderWait().message())
        .startsWith("waiting for Patroni to elect a leader: pod acid-watched-0 runs");
    assertThat(waiting.get().recheckAfter()).contains(Duration.ofSeconds(2));

    // Patroni takes the lock and labels its pod; the StatefulSet (its version "7") stays as it is.
    client
        .pods()
        .withName("acid-watched-0")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"labels\":{\"" + labels.roleLabel() + "\":\"master\"}}}");
    now = now.plus(waiting.get().recheckAfter().get());

    assertThat(watch.check(pg, cfg, Optional.empty(), "7"))
        .as("the leader, seen at the look 2 s on")
        .isEmpty();
  }

  private static Pod pod() {
    return client.pods().withName("acid-watched-0").get();
  }
}
