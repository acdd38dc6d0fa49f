package io.tusk.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.tusk.spec.volume.VolumeGrowth;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlanVolumesTest {

  private static final VolumeGrowth.Resize PVC =
      new VolumeGrowth.Resize("pvc", VolumeGrowth.Mode.PVC, Optional.empty());

  @Test
  void grownVolumesAreListedWithNoRestart() {
    VolumeGrowth.Plan plan =
        new VolumeGrowth.Plan(
            PVC,
            new Quantity("2Gi"),
            List.of(
                new VolumeGrowth.Grow("pgdata-a-0", new Quantity("1Gi"), new Quantity("2Gi")),
                new VolumeGrowth.Grow("pgdata-a-1", new Quantity("1Gi"), new Quantity("2Gi"))),
            List.of(),
            List.of("pgdata-a-2"));

    assertThat(PlanCommand.volumeLines(plan))
        .containsExactly(
            "Volumes (storage_resize_mode pvc):",
            "  pgdata-a-0: grow 1Gi -> 2Gi (claim patched, volume grown by the storage; no pod"
                + " restarted)",
            "  pgdata-a-1: grow 1Gi -> 2Gi (claim patched, volume grown by the storage; no pod"
                + " restarted)",
            "  pgdata-a-2: not bound yet, grown to 2Gi once bound",
            "  (2 volumes grown, 0 pods restarted, 0 switchovers)");
  }

  @Test
  void aShrinkIsShownRefusedAndAFallbackExplained() {
    VolumeGrowth.Plan plan =
        new VolumeGrowth.Plan(
            new VolumeGrowth.Resize("ebs", VolumeGrowth.Mode.PVC, Optional.of("falls back")),
            new Quantity("1Gi"),
            List.of(),
            List.of(new VolumeGrowth.Refusal("pgdata-a-0", new Quantity("2Gi"))),
            List.of());

    assertThat(PlanCommand.volumeLines(plan))
        .containsExactly(
            "Volumes (storage_resize_mode ebs):",
            "  refused: volume.size 1Gi is smaller than pgdata-a-0 (2Gi): volumes are never"
                + " shrunk, nothing was changed",
            "  note: falls back");
  }

  @Test
  void nothingToDoAndModeOffSaySo() {
    VolumeGrowth.Plan none =
        new VolumeGrowth.Plan(PVC, new Quantity("1Gi"), List.of(), List.of(), List.of());
    assertThat(PlanCommand.volumeLines(none)).containsExactly("Volumes: no change");
    VolumeGrowth.Plan off =
        new VolumeGrowth.Plan(
            new VolumeGrowth.Resize("off", VolumeGrowth.Mode.OFF, Optional.empty()),
            new Quantity("5Gi"),
            List.of(),
            List.of(),
            List.of());
    assertThat(PlanCommand.volumeLines(off))
        .containsExactly(
            "Volumes: no change (storage_resize_mode off: existing claims are never resized)");
  }
}
