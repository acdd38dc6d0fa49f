package io.tusk.spec.spilo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.ClusterBuilder;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.Fixtures;
import io.tusk.spec.Observed;
import io.tusk.spec.spilo.MajorVersionChange.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Zalando's version rule for a running cluster: outside a maintenance window the running version
 * stays, and a decrease is ignored.
 */
class MajorVersionChangeTest {

  @Test
  void withoutARunningVersionTheDesiredOneApplies() {
    assertThat(MajorVersionChange.decide("17", null, false))
        .isEqualTo(new MajorVersionChange("17", null, "17", Kind.NONE));
    assertThat(MajorVersionChange.decide("17", "", false).applied()).isEqualTo("17");
  }

  @Test
  void theSameVersionIsNoChange() {
    assertThat(MajorVersionChange.decide("16", "16", false).kind()).isEqualTo(Kind.NONE);
    assertThat(MajorVersionChange.decide("16", "16", true).applied()).isEqualTo("16");
  }

  @Test
  void aHigherVersionWaitsOutsideAWindowAndIsAppliedInOne() {
    assertThat(MajorVersionChange.decide("17", "16", false))
        .isEqualTo(new MajorVersionChange("17", "16", "16", Kind.DEFERRED));
    assertThat(MajorVersionChange.decide("17", "16", true))
        .isEqualTo(new MajorVersionChange("17", "16", "17", Kind.APPLIED));
    assertThat(MajorVersionChange.waitsForWindow("17", "16")).isTrue();
    assertThat(MajorVersionChange.waitsForWindow("16", "16")).isFalse();
  }

  @Test
  void aLowerVersionIsIgnoredInsideAndOutsideAWindow() {
    assertThat(MajorVersionChange.decide("15", "16", true))
        .isEqualTo(new MajorVersionChange("15", "16", "16", Kind.DECREASE_IGNORED));
    assertThat(MajorVersionChange.decide("15", "16", false).applied()).isEqualTo("16");
    // Compared as numbers, not as text ("9" > "10" as text).
    assertThat(MajorVersionChange.decide("9", "10", true).kind()).isEqualTo(Kind.DECREASE_IGNORED);
    assertThat(MajorVersionChange.decide("10", "9", false).kind()).isEqualTo(Kind.DEFERRED);
    assertThat(MajorVersionChange.waitsForWindow("15", "16")).isFalse();
  }

  @Test
  void versionsThatAreNotNumbersCannotBeComparedAndTheDesiredOneApplies() {
    assertThat(MajorVersionChange.decide("17", "latest", false))
        .isEqualTo(new MajorVersionChange("17", "latest", "17", Kind.APPLIED));
  }

  @Test
  void theStatefulSetKeepsTheRunningVersionWhileTheChangeWaits() {
    Postgresql pg = manifest("17");
    OperatorConfig config = Fixtures.config();

    assertThat(pgVersion(pg, config, running("16", false))).isEqualTo("16");
    assertThat(pgVersion(pg, config, running("16", true))).isEqualTo("17");
    assertThat(pgVersion(manifest("15"), config, running("16", true))).isEqualTo("16");
    // Observed.none(): a new cluster gets the manifest's version.
    assertThat(pgVersion(pg, config, Observed.none())).isEqualTo("17");
  }

  @Test
  void binDirFollowsTheSameRuleWithoutThePgVersionVariable() {
    OperatorConfig config = Fixtures.config(Options.ENABLE_PGVERSION_ENV_VAR, false);

    assertThat(spiloConfiguration(manifest("17"), config, running("16", false)))
        .contains("\"bin_dir\":\"/usr/lib/postgresql/16/bin\"");
    assertThat(spiloConfiguration(manifest("17"), config, running("16", true)))
        .contains("\"bin_dir\":\"/usr/lib/postgresql/17/bin\"");
  }

  @Test
  void theRunningVersionIsReadFromThePostgresContainer() {
    StatefulSet built =
        ClusterBuilder.build(new ClusterModel(manifest("16"), Fixtures.config(), Observed.none()))
            .statefulSet();
    assertThat(MajorVersion.running(built)).contains("16");

    StatefulSet pinned =
        ClusterBuilder.build(
                new ClusterModel(
                    manifest("15"),
                    Fixtures.config(Options.ENABLE_PGVERSION_ENV_VAR, false),
                    Observed.none()))
            .statefulSet();
    assertThat(MajorVersion.running(pinned)).contains("15");

    StatefulSet other =
        new StatefulSetBuilder()
            .withNewSpec()
            .withNewTemplate()
            .withNewSpec()
            .addNewContainer()
            .withName("sidecar")
            .addNewEnv()
            .withName("PGVERSION")
            .withValue("14")
            .endEnv()
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    assertThat(MajorVersion.running(other)).isEmpty();
    assertThat(MajorVersion.running(new StatefulSet())).isEmpty();
    assertThat(MajorVersion.running(null)).isEmpty();
  }

  private static Observed running(String version, boolean allowed) {
    return Observed.none().toBuilder()
        .newCluster(false)
        .runningMajorVersion(version)
        .majorVersionChangeAllowed(allowed)
        .build();
  }

  private static Postgresql manifest(String version) {
    Postgresql pg = Fixtures.manifest("minimal-postgres-manifest.yaml");
    pg.getMetadata().setNamespace("default");
    pg.getMetadata().setUid(Fixtures.UID);
    pg.getSpec().getPostgresql().setVersion(version);
    return pg;
  }

  private static List<EnvVar> env(Postgresql pg, OperatorConfig config, Observed observed) {
    return ClusterBuilder.build(new ClusterModel(pg, config, observed))
        .statefulSet()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getEnv();
  }

  private static String pgVersion(Postgresql pg, OperatorConfig config, Observed observed) {
    return value(env(pg, config, observed), "PGVERSION");
  }

  private static String spiloConfiguration(
      Postgresql pg, OperatorConfig config, Observed observed) {
    return value(env(pg, config, observed), "SPILO_CONFIGURATION");
  }

  private static String value(List<EnvVar> env, String name) {
    return env.stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow().getValue();
  }
}
