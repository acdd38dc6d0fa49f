package io.tusk.operator.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.api.acid.v1.PostgresqlParam;
import io.tusk.api.acid.v1.Volume;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.config.Source;
import io.tusk.operator.status.EventReason;
import io.tusk.operator.status.EventSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VolumeSyncTest {

  private final OperatorConfig config = OperatorConfig.defaults(Source.CONFIGMAP);
  private final List<String> events = new ArrayList<>();
  private final FakeClaims claims = new FakeClaims();
  private final VolumeSync sync =
      new VolumeSync(
          claims,
          new EventSink() {
            @Override
            public void normal(HasMetadata on, EventReason reason, String message) {
              events.add("Normal " + reason + ": " + message);
            }

            @Override
            public void warning(HasMetadata on, EventReason reason, String message) {
              events.add("Warning " + reason + ": " + message);
            }
          });

  /** Claims in memory; counts the lists, records the patches, refuses when told. */
  private static final class FakeClaims implements VolumeSync.Claims {
    final Map<String, PersistentVolumeClaim> claims = new LinkedHashMap<>();
    final List<String> requests = new ArrayList<>();
    int lists;
    KubernetesClientException refuse;

    void add(String name, String size, boolean bound) {
      claims.put(
          name,
          new PersistentVolumeClaimBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace("default")
              .endMetadata()
              .withNewSpec()
              .withNewResources()
              .addToRequests("storage", new Quantity(size))
              .endResources()
              .endSpec()
              .withNewStatus()
              .withPhase(bound ? "Bound" : "Pending")
              .endStatus()
              .build());
    }

    @Override
    public List<PersistentVolumeClaim> list(String namespace, Map<String, String> labels) {
      assertThat(labels).containsEntry("cluster-name", "acid-test").containsKey("application");
      lists++;
      return List.copyOf(claims.values());
    }

    @Override
    public void request(String namespace, String claim, Quantity storage) {
      if (refuse != null) {
        throw refuse;
      }
      requests.add(claim + "=" + storage);
      claims.get(claim).getSpec().getResources().getRequests().put("storage", storage);
    }
  }

  private static Postgresql cluster(String size) {
    Postgresql pg = new Postgresql();
    pg.setMetadata(
        new ObjectMetaBuilder()
            .withName("acid-test")
            .withNamespace("default")
            .withUid("u-1")
            .withGeneration(1L)
            .build());
    PostgresSpec spec = new PostgresSpec();
    spec.setTeamId("acid");
    spec.setNumberOfInstances(2);
    PostgresqlParam param = new PostgresqlParam();
    param.setVersion("17");
    spec.setPostgresql(param);
    Volume volume = new Volume();
    volume.setSize(size);
    spec.setVolume(volume);
    pg.setSpec(spec);
    return pg;
  }

  @Test
  void aLargerSizePatchesEveryClaimOnceAndIdleResyncsReadNothing() {
    claims.add("pgdata-acid-test-0", "1Gi", true);
    claims.add("pgdata-acid-test-1", "1Gi", true);

    VolumeSync.Outcome first = sync.sync(cluster("2Gi"), config);

    assertThat(claims.requests).containsExactly("pgdata-acid-test-0=2Gi", "pgdata-acid-test-1=2Gi");
    assertThat(first).isEqualTo(VolumeSync.Outcome.none());
    assertThat(events)
        .containsExactly(
            "Normal Volumes: volumes growing (PersistentVolumeClaims patched, pods keep running):"
                + " pgdata-acid-test-0 1Gi -> 2Gi, pgdata-acid-test-1 1Gi -> 2Gi");

    for (int i = 0; i < 3; i++) {
      assertThat(sync.sync(cluster("2Gi"), config)).isEqualTo(VolumeSync.Outcome.none());
    }
    assertThat(claims.lists).as("reads after the first").isEqualTo(1);
    assertThat(claims.requests).hasSize(2);

    // The same size written differently is the same size: nothing read.
    sync.sync(cluster("2048Mi"), config);
    assertThat(claims.lists).isEqualTo(1);
  }

  @Test
  void anUnchangedClusterIsReadOnceAfterAStartAndThenNotAgain() {
    claims.add("pgdata-acid-test-0", "1Gi", true);
    sync.sync(cluster("1Gi"), config);
    sync.sync(cluster("1Gi"), config);
    assertThat(claims.lists).isEqualTo(1);
    assertThat(claims.requests).isEmpty();
    assertThat(events).isEmpty();
  }

  @Test
  void aSmallerSizeIsRefusedOnceAndTheNoteStaysWithoutReading() {
    claims.add("pgdata-acid-test-0", "2Gi", true);
    claims.add("pgdata-acid-test-1", "2Gi", true);

    VolumeSync.Outcome refused = sync.sync(cluster("1Gi"), config);
    VolumeSync.Outcome again = sync.sync(cluster("1Gi"), config);

    String message =
        "volume.size 1Gi is smaller than pgdata-acid-test-0 (2Gi), pgdata-acid-test-1 (2Gi):"
            + " volumes are never shrunk, nothing was changed";
    assertThat(claims.requests).isEmpty();
    assertThat(events).containsExactly("Warning Volumes: " + message);
    assertThat(refused.note()).contains(message);
    assertThat(again.note()).contains(message);
    assertThat(refused.retryAfter()).isEmpty();
    assertThat(claims.lists).isEqualTo(1);

    // Back to the volumes' size: read once more, nothing to say any more.
    assertThat(sync.sync(cluster("2Gi"), config)).isEqualTo(VolumeSync.Outcome.none());
    assertThat(claims.lists).isEqualTo(2);
  }

  @Test
  void ebsFallsBackToPvcWithAWarningAndOffReadsNothing() {
    claims.add("pgdata-acid-test-0", "1Gi", true);

    sync.sync(cluster("2Gi"), config.withOverride(Options.STORAGE_RESIZE_MODE, "ebs"));

    assertThat(claims.requests).containsExactly("pgdata-acid-test-0=2Gi");
    assertThat(events.get(0))
        .startsWith("Warning Volumes: storage_resize_mode ebs resizes AWS EBS volumes")
        .endsWith("as in mode pvc");

    OperatorConfig off = config.withOverride(Options.STORAGE_RESIZE_MODE, "off");
    assertThat(sync.sync(cluster("5Gi"), off)).isEqualTo(VolumeSync.Outcome.none());
    assertThat(claims.lists).isEqualTo(1);
    assertThat(claims.requests).hasSize(1);
  }

  @Test
  void anUnboundSmallerClaimIsLookedAtAgainLater() {
    claims.add("pgdata-acid-test-0", "1Gi", true);
    claims.add("pgdata-acid-test-1", "1Gi", false);

    VolumeSync.Outcome waiting = sync.sync(cluster("2Gi"), config);

    assertThat(waiting.retryAfter()).contains(VolumeSync.UNBOUND_RETRY);
    assertThat(claims.requests).containsExactly("pgdata-acid-test-0=2Gi");
    claims.add("pgdata-acid-test-1", "1Gi", true);
    assertThat(sync.sync(cluster("2Gi"), config).retryAfter()).isEmpty();
    assertThat(claims.requests).containsExactly("pgdata-acid-test-0=2Gi", "pgdata-acid-test-1=2Gi");
    assertThat(claims.lists).isEqualTo(2);
  }

  @Test
  void aPatchTheApiServerRefusesIsReportedNotRetriedAndOtherErrorsFailTheReconcile() {
    claims.add("pgdata-acid-test-0", "1Gi", true);
    claims.refuse =
        new KubernetesClientException(
            new StatusBuilder()
                .withCode(403)
                .withMessage(
                    "only dynamically provisioned pvc can be resized and the storageclass that"
                        + " provisions the pvc must support resize")
                .build());

    VolumeSync.Outcome outcome = sync.sync(cluster("2Gi"), config);

    assertThat(outcome.note().orElseThrow())
        .startsWith("could not grow pgdata-acid-test-0 from 1Gi to 2Gi: only dynamically");
    assertThat(events).hasSize(1);
    assertThat(events.get(0)).startsWith("Warning Volumes: could not grow pgdata-acid-test-0");
    assertThat(sync.sync(cluster("2Gi"), config).note()).isEqualTo(outcome.note());
    assertThat(claims.lists).isEqualTo(1);

    claims.refuse = new KubernetesClientException("connection reset");
    Postgresql bigger = cluster("3Gi");
    assertThatThrownBy(() -> sync.sync(bigger, config))
        .isInstanceOf(KubernetesClientException.class);
    claims.refuse = null;
    sync.sync(bigger, config);
    assertThat(claims.requests).containsExactly("pgdata-acid-test-0=3Gi");
  }

  @Test
  void aForgottenClusterIsReadAgain() {
    claims.add("pgdata-acid-test-0", "1Gi", true);
    sync.sync(cluster("1Gi"), config);
    sync.forget(cluster("1Gi"));
    sync.sync(cluster("1Gi"), config);
    assertThat(claims.lists).isEqualTo(2);
  }
}
