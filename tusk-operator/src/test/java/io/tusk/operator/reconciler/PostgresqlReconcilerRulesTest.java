package io.tusk.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.tusk.api.acid.v1.PostgresStatus;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.config.Source;
import io.tusk.operator.OperatorSettings;
import io.tusk.operator.database.ManagedNames;
import io.tusk.operator.status.Phase;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The decisions the reconciler takes without touching the cluster. */
class PostgresqlReconcilerRulesTest {

  private static Postgresql cluster(
      String status, Long observedGeneration, long generation, Map<String, String> annotations) {
    Postgresql pg = new Postgresql();
    pg.setMetadata(
        new ObjectMetaBuilder()
            .withName("acid-test")
            .withNamespace("ns")
            .withGeneration(generation)
            .withAnnotations(annotations)
            .build());
    if (status != null) {
      PostgresStatus s = new PostgresStatus(status);
      s.setObservedGeneration(observedGeneration);
      pg.setStatus(s);
    }
    return pg;
  }

  @Test
  void phaseFollowsZalandosCreateUpdateSyncFlows() {
    assertThat(Phase.of(cluster(null, null, 1, Map.of()), false)).isEqualTo(Phase.CREATE);
    assertThat(Phase.of(cluster("CreateFailed", 1L, 1, Map.of()), true)).isEqualTo(Phase.CREATE);
    assertThat(Phase.of(cluster("Running", 1L, 2, Map.of()), true)).isEqualTo(Phase.UPDATE);
    assertThat(Phase.of(cluster("Updating", 2L, 2, Map.of()), true)).isEqualTo(Phase.UPDATE);
    assertThat(Phase.of(cluster("Running", 2L, 2, Map.of()), true)).isEqualTo(Phase.SYNC);
    assertThat(Phase.of(cluster("SyncFailed", 2L, 2, Map.of()), true)).isEqualTo(Phase.SYNC);
    // A manifest fixed after being Invalid: created if nothing exists yet, else updated.
    assertThat(Phase.of(cluster("Invalid", 1L, 2, Map.of()), false)).isEqualTo(Phase.CREATE);
    assertThat(Phase.of(cluster("Invalid", 1L, 2, Map.of()), true)).isEqualTo(Phase.UPDATE);
  }

  @Test
  void deleteProtectionNeedsTodaysDateAndTheClusterName() {
    OperatorConfig cfg =
        OperatorConfig.defaults(Source.CONFIGMAP)
            .withOverride(Options.DELETE_ANNOTATION_DATE_KEY, "delete-date")
            .withOverride(Options.DELETE_ANNOTATION_NAME_KEY, "delete-clustername");
    LocalDate date = LocalDate.of(2026, 12, 6);
    String today = date.toString();

    assertThat(protection(cluster("Running", 1L, 1, Map.of()), cfg))
        .hasValueSatisfying(r -> assertThat(r).contains("delete-date"));
    assertThat(protection(cluster("Running", 1L, 1, Map.of("delete-date", today)), cfg))
        .hasValueSatisfying(r -> assertThat(r).contains("delete-clustername"));
    assertThat(
            protection(
                cluster(
                    "Running",
                    1L,
                    1,
                    Map.of("delete-date", "2001-01-01", "delete-clustername", "acid-test")),
                cfg))
        .isPresent();
    assertThat(
            protection(
                cluster(
                    "Running",
                    1L,
                    1,
                    Map.of("delete-date", today, "delete-clustername", "acid-test")),
                cfg))
        .isEmpty();
    // Without the keys configured, or with owner references, nothing is protected.
    assertThat(
            protection(
                cluster("Running", 1L, 1, Map.of()), OperatorConfig.defaults(Source.CONFIGMAP)))
        .isEqualTo(Optional.empty());
    assertThat(
            protection(
                cluster("Running", 1L, 1, Map.of()),
                cfg.withOverride(Options.ENABLE_OWNER_REFERENCES, true)))
        .isEmpty();
  }

  private static Optional<String> protection(Postgresql pg, OperatorConfig cfg) {
    return ClusterReconcile.deleteProtection(pg, cfg, LocalDate.of(2026, 12, 6));
  }

  @Test
  void statusOnlyUpdatesDoNotTriggerAReconcile() {
    Postgresql before = cluster("Creating", 1L, 1, Map.of());
    Postgresql statusChanged = cluster("Running", 1L, 1, Map.of());
    assertThat(PostgresqlReconciler.isRelevantUpdate(statusChanged, before)).isFalse();
    assertThat(PostgresqlReconciler.isRelevantUpdate(cluster("Running", 1L, 2, Map.of()), before))
        .isTrue();
    assertThat(
            PostgresqlReconciler.isRelevantUpdate(
                cluster("Running", 1L, 1, Map.of("a", "b")), before))
        .isTrue();
  }

  @Test
  void tusksBookkeepingAnnotationsDoNotTriggerAReconcile() {
    Postgresql before = cluster("Running", 1L, 1, Map.of("a", "b"));
    Postgresql bookkeeping =
        cluster(
            "Running",
            1L,
            1,
            Map.of(
                "a",
                "b",
                ManagedNames.ROLES_ANNOTATION,
                "[\"foo\"]",
                ManagedNames.DATABASES_ANNOTATION,
                "[]"));
    assertThat(PostgresqlReconciler.isRelevantUpdate(bookkeeping, before)).isFalse();
    Postgresql userEdit =
        cluster("Running", 1L, 1, Map.of("a", "c", ManagedNames.ROLES_ANNOTATION, "[\"foo\"]"));
    assertThat(PostgresqlReconciler.isRelevantUpdate(userEdit, before)).isTrue();
  }

  @Test
  void controllerIdSelectsClusters() {
    OperatorSettings plain = OperatorSettings.fromEnvironment(Map.of(), "default");
    OperatorSettings second =
        OperatorSettings.fromEnvironment(Map.of("CONTROLLER_ID", "second"), "default");
    Map<String, String> ownedBySecond = Map.of(OperatorSettings.CONTROLLER_ANNOTATION, "second");
    assertThat(plain.owns(Map.of())).isTrue();
    assertThat(plain.owns(ownedBySecond)).isFalse();
    assertThat(second.owns(ownedBySecond)).isTrue();
    assertThat(second.owns(Map.of())).isFalse();
    assertThat(plain.operatorNamespace()).isEqualTo("default");
  }
}
