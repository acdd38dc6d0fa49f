package io.tusk.spec.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.tusk.api.acid.v1.Patroni;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ported from Zalando's k8sres_test.go#TestGeneratePodDisruptionBudget (both budgets). */
class PodDisruptionBudgetsTest {

  private static Postgresql cluster(int instances) {
    return Fixtures.cluster(
        "myapp-database",
        "myapp",
        s -> {
          s.setTeamId("myapp");
          s.setNumberOfInstances(instances);
        });
  }

  private static PodDisruptionBudget primary(OperatorConfig config, Postgresql pg) {
    return PodDisruptionBudgets.primary(Fixtures.model(pg, config));
  }

  private static PodDisruptionBudget critical(OperatorConfig config, Postgresql pg) {
    return PodDisruptionBudgets.criticalOperation(Fixtures.model(pg, config));
  }

  private static void assertMeta(PodDisruptionBudget pdb, String name) {
    assertThat(pdb.getMetadata().getName()).isEqualTo(name);
    assertThat(pdb.getMetadata().getNamespace()).isEqualTo("myapp");
    assertThat(pdb.getMetadata().getLabels())
        .isEqualTo(
            Map.of("application", "spilo", "cluster-name", "myapp-database", "team", "myapp"));
  }

  @Test
  void primaryWithMultipleInstances() {
    PodDisruptionBudget pdb = primary(Fixtures.config(), cluster(3));
    assertMeta(pdb, "postgres-myapp-database-pdb");
    assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(
            Map.of(
                "application", "spilo", "cluster-name", "myapp-database", "spilo-role", "master"));
    assertThat(pdb.getMetadata().getOwnerReferences()).isEmpty();
  }

  @Test
  void primaryWithZeroInstances() {
    assertThat(primary(Fixtures.config(), cluster(0)).getSpec().getMinAvailable().getIntVal())
        .isZero();
  }

  @Test
  void primaryDisabled() {
    assertThat(
            primary(Fixtures.config(Options.ENABLE_POD_DISRUPTION_BUDGET, false), cluster(3))
                .getSpec()
                .getMinAvailable()
                .getIntVal())
        .isZero();
  }

  @Test
  void primaryWithCustomNameFormat() {
    PodDisruptionBudget pdb =
        primary(
            Fixtures.config(Options.PDB_NAME_FORMAT, "postgres-{cluster}-databass-budget"),
            cluster(3));
    assertThat(pdb.getMetadata().getName()).isEqualTo("postgres-myapp-database-databass-budget");
    assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
  }

  @Test
  void primaryWithoutMasterSelectorInStrictSyncMode() {
    Postgresql pg = cluster(3);
    Patroni patroni = new Patroni();
    patroni.setSynchronousModeStrict(true);
    patroni.setSynchronousNodeCount(1);
    pg.getSpec().setPatroni(patroni);
    PodDisruptionBudget pdb =
        primary(Fixtures.config(Options.PDB_MASTER_LABEL_SELECTOR, false), pg);
    assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(2);
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(Map.of("application", "spilo", "cluster-name", "myapp-database"));
    // without strict mode the budget stays at 1
    assertThat(
            primary(Fixtures.config(Options.PDB_MASTER_LABEL_SELECTOR, false), cluster(3))
                .getSpec()
                .getMinAvailable()
                .getIntVal())
        .isEqualTo(1);
  }

  @Test
  void ownerReferencesWhenEnabled() {
    PodDisruptionBudget pdb =
        primary(Fixtures.config(Options.ENABLE_OWNER_REFERENCES, true), cluster(3));
    assertThat(pdb.getMetadata().getOwnerReferences()).hasSize(1);
    var ref = pdb.getMetadata().getOwnerReferences().get(0);
    assertThat(ref.getName()).isEqualTo("myapp-database");
    assertThat(ref.getKind()).isEqualTo("postgresql");
    assertThat(ref.getApiVersion()).isEqualTo("acid.zalan.do/v1");
    assertThat(ref.getUid()).isEqualTo(Fixtures.UID);
    assertThat(ref.getController()).isTrue();
    assertThat(
            critical(Fixtures.config(Options.ENABLE_OWNER_REFERENCES, true), cluster(3))
                .getMetadata()
                .getOwnerReferences())
        .hasSize(1);
  }

  @Test
  void criticalOperationWithMultipleInstances() {
    PodDisruptionBudget pdb = critical(Fixtures.config(), cluster(3));
    assertMeta(pdb, "postgres-myapp-database-critical-op-pdb");
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isZero();
    assertThat(pdb.getSpec().getMinAvailable()).isNull();
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(
            Map.of(
                "application",
                "spilo",
                "cluster-name",
                "myapp-database",
                "critical-operation",
                "true"));
  }

  @Test
  void criticalOperationWithZeroInstancesOrDisabled() {
    assertThat(critical(Fixtures.config(), cluster(0)).getSpec().getMaxUnavailable().getStrVal())
        .isEqualTo("100%");
    assertThat(
            critical(Fixtures.config(Options.ENABLE_POD_DISRUPTION_BUDGET, false), cluster(3))
                .getSpec()
                .getMaxUnavailable()
                .getStrVal())
        .isEqualTo("100%");
  }
}
