package io.tusk.spec.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.ClusterBuilder;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.Fixtures;
import io.tusk.spec.Observed;
import io.tusk.spec.diff.Comparison;
import io.tusk.spec.diff.StatefulSetComparison;
import java.util.List;
import org.junit.jupiter.api.Test;

class VolumeGrowthTest {

  private static Postgresql cluster(String size) {
    return Fixtures.cluster(
        s -> {
          s.setNumberOfInstances(2);
          s.getVolume().setSize(size);
        });
  }

  private static ClusterModel model(String size) {
    return Fixtures.model(cluster(size));
  }

  private static ClusterModel model(String size, String mode) {
    return Fixtures.model(cluster(size), Fixtures.config(Options.STORAGE_RESIZE_MODE, mode));
  }

  static PersistentVolumeClaim claim(String name, String request, String phase) {
    PersistentVolumeClaimBuilder b =
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .withNewSpec()
            .withNewResources()
            .addToRequests("storage", new Quantity(request))
            .endResources()
            .endSpec();
    if ("Bound".equals(phase)) {
      b.withNewStatus()
          .withPhase(phase)
          .addToCapacity("storage", new Quantity(request))
          .endStatus();
    } else if (phase != null) {
      b.withNewStatus().withPhase(phase).endStatus();
    }
    return b.build();
  }

  private static List<PersistentVolumeClaim> claims(String request) {
    return List.of(
        claim("pgdata-acid-test-cluster-1", request, "Bound"),
        claim("pgdata-acid-test-cluster-0", request, "Bound"));
  }

  @Test
  void aLargerSizeGrowsEveryBoundClaimInOrdinalOrder() {
    VolumeGrowth.Plan plan = VolumeGrowth.plan(model("2Gi"), claims("1Gi"));

    assertThat(plan.grows())
        .containsExactly(
            new VolumeGrowth.Grow(
                "pgdata-acid-test-cluster-0", new Quantity("1Gi"), new Quantity("2Gi")),
            new VolumeGrowth.Grow(
                "pgdata-acid-test-cluster-1", new Quantity("1Gi"), new Quantity("2Gi")));
    assertThat(plan.refusals()).isEmpty();
    assertThat(plan.refusal()).isEmpty();
    assertThat(plan.growth())
        .contains("pgdata-acid-test-cluster-0 1Gi -> 2Gi, pgdata-acid-test-cluster-1 1Gi -> 2Gi");
  }

  @Test
  void theSameAmountWrittenDifferentlyIsNoChange() {
    assertThat(VolumeGrowth.plan(model("1024Mi"), claims("1Gi")).isEmpty()).isTrue();
  }

  @Test
  void sizesAreComparedExactlyNotInWholeGibibytes() {
    // Zalando's quantityToGigabyte sees 1 and 1: no resize. The disk asked for is larger, though.
    VolumeGrowth.Plan plan = VolumeGrowth.plan(model("1800Mi"), claims("1500Mi"));
    assertThat(plan.grows()).hasSize(2);
    assertThat(plan.grows().get(0).to()).isEqualTo(new Quantity("1800Mi"));
  }

  @Test
  void aSmallerSizeIsRefusedNamingBothSizesAndNothingShrinks() {
    VolumeGrowth.Plan plan = VolumeGrowth.plan(model("1Gi"), claims("2Gi"));

    assertThat(plan.grows()).isEmpty();
    assertThat(plan.refusals())
        .extracting(VolumeGrowth.Refusal::claim)
        .containsExactly("pgdata-acid-test-cluster-0", "pgdata-acid-test-cluster-1");
    assertThat(plan.refusal())
        .contains(
            "volume.size 1Gi is smaller than pgdata-acid-test-cluster-0 (2Gi),"
                + " pgdata-acid-test-cluster-1 (2Gi): volumes are never shrunk, nothing was"
                + " changed");
  }

  @Test
  void claimsOfOtherClustersOrVolumesAndClaimsGoingAwayAreLeftOut() {
    PersistentVolumeClaim deleting = claim("pgdata-acid-test-cluster-2", "1Gi", "Bound");
    deleting.getMetadata().setDeletionTimestamp("2026-12-06T10:00:00Z");
    VolumeGrowth.Plan plan =
        VolumeGrowth.plan(
            model("2Gi"),
            List.of(
                claim("pgdata-acid-test-cluster-0", "1Gi", "Bound"),
                claim("pgdata-acid-test-cluster-other-0", "1Gi", "Bound"),
                claim("wal-acid-test-cluster-0", "1Gi", "Bound"),
                claim("pgdata-acid-test-cluster-x", "1Gi", "Bound"),
                deleting));

    assertThat(plan.grows())
        .extracting(VolumeGrowth.Grow::claim)
        .containsExactly("pgdata-acid-test-cluster-0");
  }

  @Test
  void anUnboundClaimCannotBeGrownYetAndWaits() {
    VolumeGrowth.Plan plan =
        VolumeGrowth.plan(
            model("2Gi"),
            List.of(
                claim("pgdata-acid-test-cluster-0", "1Gi", "Bound"),
                claim("pgdata-acid-test-cluster-1", "1Gi", "Pending")));

    assertThat(plan.grows())
        .extracting(VolumeGrowth.Grow::claim)
        .containsExactly("pgdata-acid-test-cluster-0");
    assertThat(plan.unbound()).containsExactly("pgdata-acid-test-cluster-1");
    assertThat(plan.isEmpty()).isFalse();
  }

  @Test
  void modeOffPlansNothing() {
    VolumeGrowth.Plan plan = VolumeGrowth.plan(model("2Gi", "off"), claims("1Gi"));
    assertThat(plan.resize().mode()).isEqualTo(VolumeGrowth.Mode.OFF);
    assertThat(plan.isEmpty()).isTrue();
    assertThat(VolumeGrowth.plan(model("1Gi", "off"), claims("2Gi")).refusal()).isEmpty();
  }

  @Test
  void ebsAndMixedFallBackToPvcWithAReason() {
    for (String mode : List.of("ebs", "mixed")) {
      VolumeGrowth.Plan plan = VolumeGrowth.plan(model("2Gi", mode), claims("1Gi"));
      assertThat(plan.resize().mode()).as(mode).isEqualTo(VolumeGrowth.Mode.PVC);
      assertThat(plan.resize().configured()).isEqualTo(mode);
      assertThat(plan.resize().fallback().orElseThrow())
          .startsWith("storage_resize_mode " + mode + " ")
          .contains("as in mode pvc");
      assertThat(plan.grows()).hasSize(2);
    }
    VolumeGrowth.Resize pvc = VolumeGrowth.resize(Fixtures.config());
    assertThat(pvc)
        .isEqualTo(
            new VolumeGrowth.Resize("pvc", VolumeGrowth.Mode.PVC, java.util.Optional.empty()));
  }

  @Test
  void theClaimTemplateFollowsTheDeclaredSizeUpButNeverShrinks() {
    OperatorConfig cfg = Fixtures.config();
    ClusterModel fresh = Fixtures.model(cluster("2Gi"));
    assertThat(VolumeGrowth.templateSize(fresh)).isEqualTo(new Quantity("2Gi"));

    ClusterModel grown = withTemplate(cluster("3Gi"), cfg, "2Gi");
    assertThat(VolumeGrowth.templateSize(grown)).isEqualTo(new Quantity("3Gi"));

    ClusterModel shrunk = withTemplate(cluster("1Gi"), cfg, "2Gi");
    assertThat(VolumeGrowth.templateSize(shrunk)).isEqualTo(new Quantity("2Gi"));
  }

  @Test
  void aRefusedShrinkLeavesTheStatefulSetAsItIsWhileAGrowReplacesIt() {
    OperatorConfig cfg = Fixtures.config();
    StatefulSet current = ClusterBuilder.build(Fixtures.model(cluster("2Gi"))).statefulSet();

    StatefulSet shrink =
        ClusterBuilder.build(withTemplate(cluster("1Gi"), cfg, "2Gi")).statefulSet();
    assertThat(StatefulSetComparison.compare(current, shrink, cfg).action())
        .isEqualTo(Comparison.Action.NONE);

    // The claim template cannot change in place: Zalando replaces the StatefulSet (pods stay).
    StatefulSet grow = ClusterBuilder.build(withTemplate(cluster("3Gi"), cfg, "2Gi")).statefulSet();
    Comparison cmp = StatefulSetComparison.compare(current, grow, cfg);
    assertThat(cmp.action()).isEqualTo(Comparison.Action.REPLACE);
    assertThat(cmp.rollingUpdate()).isFalse();
  }

  private static ClusterModel withTemplate(Postgresql pg, OperatorConfig cfg, String size) {
    return new ClusterModel(
        pg, cfg, Observed.none().toBuilder().dataVolumeTemplateSize(new Quantity(size)).build());
  }
}
