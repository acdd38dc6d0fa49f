package io.tusk.operator.day2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Source;
import io.tusk.operator.status.EventReason;
import io.tusk.operator.status.EventSink;
import io.tusk.patroni.PatroniClient;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When the day-2 runner looks at a cluster's pods. There is no API server here: a look is a list
 * request that fails (the client points at a closed port), not looking answers idle at once.
 */
class Day2RunnerLookTest {
  private static final String MANIFEST =
      """
      apiVersion: acid.zalan.do/v1
      kind: postgresql
      metadata: {name: acid-look, namespace: ns, uid: uid-look, generation: 1}
      spec:
        teamId: acid
        numberOfInstances: 2
        volume: {size: 1Gi}
        postgresql: {version: "17"}
      """;

  private final OperatorConfig cfg = OperatorConfig.defaults(Source.CONFIGMAP);
  private final Postgresql pg = Serialization.unmarshal(MANIFEST, Postgresql.class);
  private final Optional<StatefulSet> sts =
      Optional.of(
          new StatefulSetBuilder()
              .withNewMetadata()
              .withName("acid-look")
              .withNamespace("ns")
              .endMetadata()
              .withNewSpec()
              .withReplicas(2)
              .endSpec()
              .build());
  private final Map<String, String> selector = Map.of("cluster-name", "acid-look");
  private final KubernetesClient client =
      new KubernetesClientBuilder()
          .withConfig(
              new ConfigBuilder()
                  .withMasterUrl("https://127.0.0.1:1")
                  .withRequestTimeout(500)
                  .withConnectionTimeout(500)
                  .withRequestRetryBackoffLimit(0)
                  .build())
          .build();
  private final Day2Runner runner =
      new Day2Runner(
          client,
          PatroniClient.withDefaults(),
          new EventSink() {
            @Override
            public void normal(HasMetadata on, EventReason reason, String message) {}

            @Override
            public void warning(HasMetadata on, EventReason reason, String message) {}
          });

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void aChangeIsLookedAtUntilALookSucceedsAndNothingElseAsksPatroni() {
    runner.created(pg, cfg);
    assertThat(runner.run(pg, cfg, sts, selector))
        .as("nothing changed since the configuration Spilo seeded: Patroni is not asked")
        .isEqualTo(Day2Runner.Outcome.idle());

    runner.changed(pg);
    assertThatThrownBy(() -> runner.run(pg, cfg, sts, selector))
        .as("pods may be flagged: it looks")
        .isInstanceOf(KubernetesClientException.class);
    assertThatThrownBy(() -> runner.run(pg, cfg, sts, selector))
        .as("the look failed: the next run looks again")
        .isInstanceOf(KubernetesClientException.class);

    runner.forget(pg);
    runner.created(pg, cfg);
    assertThat(runner.run(pg, cfg, sts, selector))
        .as("a forgotten cluster starts afresh")
        .isEqualTo(Day2Runner.Outcome.idle());
  }

  @Test
  void withoutAStatefulSetTheChangeWaitsForTheNextRun() {
    runner.created(pg, cfg);
    runner.changed(pg);
    assertThat(runner.run(pg, cfg, Optional.empty(), selector))
        .isEqualTo(Day2Runner.Outcome.idle());
    assertThatThrownBy(() -> runner.run(pg, cfg, sts, selector))
        .isInstanceOf(KubernetesClientException.class);
  }
}
