package io.tusk.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tusk.api.acid.v1.PostgresStatus;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.config.Source;
import io.tusk.operator.database.DatabaseSync;
import io.tusk.operator.database.SyncDecision;
import io.tusk.operator.day2.Day2Runner;
import io.tusk.operator.observe.ClusterWorld;
import io.tusk.operator.observe.LeaderWatch;
import io.tusk.operator.placement.ScaleDownGuard;
import io.tusk.operator.status.EventReason;
import io.tusk.operator.status.EventSink;
import io.tusk.operator.status.Phase;
import io.tusk.operator.status.StatusSink;
import io.tusk.operator.sync.ObjectSync;
import io.tusk.operator.volumes.VolumeSync;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.DesiredState;
import io.tusk.spec.Observed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The reconcile path with fakes for every collaborator: what each step is asked to do, and what
 * status and Events come out, for the interesting paths.
 */
class ClusterReconcileTest {

  private static final String MANIFEST =
      """
      apiVersion: acid.zalan.do/v1
      kind: postgresql
      metadata:
        name: acid-test
        namespace: ns
        uid: uid-1
        generation: 1
      spec:
        teamId: acid
        numberOfInstances: 2
        volume:
          size: 1Gi
        users:
          zalando: [superuser, createdb]
        databases:
          foo: zalando
        postgresql:
          version: "17"
      """;

  private final OperatorConfig config = OperatorConfig.defaults(Source.CONFIGMAP);

  /** What the fakes saw. */
  private final List<String> calls = new ArrayList<>();

  private final List<String> statuses = new ArrayList<>();
  private final List<String> events = new ArrayList<>();

  private Optional<StatefulSet> statefulSet = Optional.empty();
  private List<String> changes = List.of("created StatefulSet acid-test");
  private final List<String> volumeCalls = new ArrayList<>();
  private VolumeSync.Outcome volumes = VolumeSync.Outcome.none();
  private final List<String> operationCalls = new ArrayList<>();
  private Day2Runner.Outcome operations = Day2Runner.Outcome.idle();
  private IntFunction<ScaleDownGuard.Verdict> scaleDown = ScaleDownGuard.Verdict::proceed;
  private final List<Integer> appliedReplicas = new ArrayList<>();
  private RuntimeException applyFailure;
  private DatabaseSync.Outcome database =
      new DatabaseSync.Outcome(
          DatabaseSync.State.PENDING, null, null, Optional.of(Duration.ofSeconds(5)));
  private List<String> deletionErrors = List.of();
  private Observed observed = Observed.none();
  private final List<String> appliedVersions = new ArrayList<>();

  /** A Saturday, 10:30 UTC; tests move it. */
  private Instant now = Instant.parse("2026-12-12T10:30:00Z");

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

  private ClusterReconcile reconcile() {
    return new ClusterReconcile(
        new ClusterReconcile.Steps(
            (pg, cfg) -> {
              calls.add("observe");
              return world(pg);
            },
            (DesiredState desired, ClusterWorld world, OperatorConfig cfg) -> {
              calls.add("apply " + desired.statefulSet().getMetadata().getName());
              appliedReplicas.add(desired.statefulSet().getSpec().getReplicas());
              desired
                  .statefulSet()
                  .getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .getEnv()
                  .stream()
                  .filter(e -> e.getName().equals("PGVERSION"))
                  .forEach(e -> appliedVersions.add(e.getValue()));
              if (applyFailure != null) {
                throw applyFailure;
              }
              return new ObjectSync.Applied(changes, Optional.empty());
            },
            new ClusterReconcile.SyncDatabase() {
              @Override
              public DatabaseSync.Outcome sync(
                  ClusterModel model, Collection<Secret> cached, EventReason reason) {
                calls.add("database " + reason);
                return database;
              }

              @Override
              public void forget(Postgresql pg) {
                calls.add("forget database");
              }
            },
            new ClusterReconcile.WatchLeader() {
              @Override
              public Optional<LeaderWatch.Finding> check(
                  Postgresql pg, OperatorConfig cfg, Optional<String> likelyCause) {
                return Optional.empty();
              }

              @Override
              public void forget(Postgresql pg) {}
            },
            (pg, cfg) -> {
              calls.add("delete");
              return deletionErrors;
            },
            new ClusterReconcile.Finalizers() {
              @Override
              public void add(Postgresql pg) {
                calls.add("add finalizer");
              }

              @Override
              public void remove(Postgresql pg) {
                calls.add("remove finalizer");
              }
            },
            new StatusSink() {
              @Override
              public boolean write(Postgresql pg, String clusterStatus, String message) {
                PostgresStatus current = pg.getStatus();
                if (current != null
                    && clusterStatus.equals(current.getPostgresClusterStatus())
                    && message.equals(current.getMessage())) {
                  return false;
                }
                PostgresStatus s = new PostgresStatus(clusterStatus);
                s.setMessage(message);
                s.setObservedGeneration(pg.getMetadata().getGeneration());
                pg.setStatus(s);
                statuses.add(clusterStatus + (message.isEmpty() ? "" : ": " + message));
                return true;
              }
            },
            new EventSink() {
              @Override
              public void normal(HasMetadata on, EventReason reason, String message) {
                events.add("Normal " + reason + ": " + message);
              }

              @Override
              public void warning(HasMetadata on, EventReason reason, String message) {
                events.add("Warning " + reason + ": " + message);
              }
            },
            new ClusterReconcile.Operate() {
              @Override
              public Day2Runner.Outcome run(Postgresql pg, OperatorConfig cfg, ClusterWorld world) {
                operationCalls.add("run");
                return operations;
              }

              @Override
              public void changed(Postgresql pg) {
                operationCalls.add("changed");
              }

              @Override
              public Day2Runner.Outcome created(
                  Postgresql pg, OperatorConfig cfg, ClusterWorld world) {
                operationCalls.add("created");
                return Day2Runner.Outcome.idle();
              }

              @Override
              public ScaleDownGuard.Verdict beforeApply(
                  Postgresql pg, OperatorConfig cfg, ClusterWorld world, int replicas) {
                return scaleDown.apply(replicas);
              }

              @Override
              public void forget(Postgresql pg) {
                operationCalls.add("forget");
              }
            },
            new ClusterReconcile.Volumes() {
              @Override
              public VolumeSync.Outcome sync(Postgresql pg, OperatorConfig cfg) {
                volumeCalls.add("sync");
                return volumes;
              }

              @Override
              public void forget(Postgresql pg) {
                volumeCalls.add("forget");
              }
            }),
        clock);
  }

  private ClusterWorld world(Postgresql pg) {
    return new ClusterWorld(
        statefulSet,
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        List.of(),
        observed,
        Phase.of(pg, statefulSet.isPresent()));
  }

  private static Postgresql manifest() {
    return Serialization.unmarshal(MANIFEST, Postgresql.class);
  }

  private static StatefulSet statefulSet(int replicas, int ready) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName("acid-test")
        .withNamespace("ns")
        .withResourceVersion("7")
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .endSpec()
        .withNewStatus()
        .withReadyReplicas(ready)
        .endStatus()
        .build();
  }

  private static DatabaseSync.Outcome synced() {
    return new DatabaseSync.Outcome(
        DatabaseSync.State.SYNCED, SyncDecision.Verdict.FIRST_SYNC, null, Optional.empty());
  }

  @Test
  void aNewClusterIsCreatedAndWaitsForItsPods() {
    Postgresql pg = manifest();

    ClusterReconcile.Outcome outcome = reconcile().reconcile(pg, config);

    assertThat(calls).containsExactly("observe", "apply acid-test", "database Create");
    assertThat(statuses).containsExactly("Creating", "Creating: waiting for pods to be ready");
    assertThat(events).containsExactly("Normal Create: created StatefulSet acid-test");
    assertThat(outcome.rescheduleAfter()).contains(Duration.ofSeconds(5));
  }

  @Test
  void readyPodsAndSyncedRolesMakeItRunningAndAnUnchangedResyncAppliesNothing() {
    Postgresql pg = manifest();
    statefulSet = Optional.of(statefulSet(2, 2));
    database = synced();
    changes = List.of();
    ClusterReconcile reconcile = reconcile();

    reconcile.reconcile(pg, config);
    assertThat(statuses).last().isEqualTo("Running");

    calls.clear();
    reconcile.reconcile(pg, config);
    // Same inputs, same owned objects: validation, build and apply are skipped.
    assertThat(calls).containsExactly("observe", "database Sync");
    assertThat(events).isEmpty();
  }

  @Test
  void volumesAreSyncedEveryReconcileAndARefusedShrinkKeepsTheClusterRunningWithTheReason() {
    Postgresql pg = manifest();
    statefulSet = Optional.of(statefulSet(2, 2));
    database = synced();
    pg.setStatus(new PostgresStatus(PostgresStatus.RUNNING));
    pg.getStatus().setObservedGeneration(pg.getMetadata().getGeneration());
    changes = List.of();
    ClusterReconcile reconcile = reconcile();
    volumes =
        new VolumeSync.Outcome(
            Optional.of("volume.size 1Gi is smaller than pgdata-acid-test-0 (2Gi)"),
            Optional.of(Duration.ofSeconds(30)));

    ClusterReconcile.Outcome outcome = reconcile.reconcile(pg, config);
    // A resync under verified inputs skips the object step, not the volume step.
    reconcile.reconcile(pg, config);
    reconcile.forget(pg);

    assertThat(volumeCalls).containsExactly("sync", "sync", "forget");
    assertThat(statuses)
        .last()
        .isEqualTo("Running: volume.size 1Gi is smaller than pgdata-acid-test-0 (2Gi)");
    assertThat(outcome.rescheduleAfter()).contains(Duration.ofSeconds(30));
    assertThat(events).noneMatch(e -> e.contains("Failed"));
  }

  @Test
  void day2WorkRunsOnARunningClusterAndSaysUpdatingWhileUnderWayThenRunningAgain() {
    Postgresql pg = manifest();
    statefulSet = Optional.of(statefulSet(2, 2));
    database = synced();
    changes = List.of();
    ClusterReconcile reconcile = reconcile();
    reconcile.reconcile(pg, config);
    assertThat(operationCalls).containsExactly("created");
    assertThat(statuses).last().isEqualTo("Running");

    operations =
        new Day2Runner.Outcome(
            Optional.of("recreate pod acid-test-1: rolling update (replica)"),
            Optional.of(Duration.ofSeconds(1)));
    ClusterReconcile.Outcome busy = reconcile.reconcile(pg, config);

    assertThat(operationCalls).containsExactly("created", "run");
    assertThat(statuses)
        .last()
        .isEqualTo("Updating: recreate pod acid-test-1: rolling update (replica)");
    assertThat(busy.rescheduleAfter()).contains(Duration.ofSeconds(1));

    operations = Day2Runner.Outcome.idle();
    ClusterReconcile.Outcome done = reconcile.reconcile(pg, config);

    assertThat(statuses).last().isEqualTo("Running");
    assertThat(done.rescheduleAfter()).isEmpty();
  }

  @Test
  void aScaleDownThatWouldRemoveThePrimaryKeepsTheCountSaysWhyAndGoesAheadOnceAllowed() {
    Postgresql pg = manifest(); // numberOfInstances: 2
    statefulSet = Optional.of(statefulSet(3, 3));
    database = synced();
    pg.setStatus(new PostgresStatus(PostgresStatus.RUNNING));
    pg.getStatus().setObservedGeneration(pg.getMetadata().getGeneration());
    changes = List.of();
    String why = "scale-down from 3 to 2 held: switched over first (switch over from c-2 to c-0)";
    scaleDown =
        replicas ->
            new ScaleDownGuard.Verdict(3, Optional.of(why), Optional.of(Duration.ofSeconds(1)));
    ClusterReconcile reconcile = reconcile();

    ClusterReconcile.Outcome held = reconcile.reconcile(pg, config);

    assertThat(appliedReplicas).as("the current count is applied").containsExactly(3);
    assertThat(statuses).last().isEqualTo("Updating: " + why);
    assertThat(held.rescheduleAfter()).contains(Duration.ofSeconds(1));

    scaleDown = ScaleDownGuard.Verdict::proceed;
    ClusterReconcile.Outcome done = reconcile.reconcile(pg, config);

    assertThat(appliedReplicas)
        .as("a held scale-down is never taken for verified: the next reconcile applies again")
        .containsExactly(3, 2);
    assertThat(statuses).last().isEqualTo("Running");
    assertThat(done.rescheduleAfter()).isEmpty();
  }

  @Test
  void day2WorkIsToldWhenTheObjectsChangedAndIsForgottenWithTheCluster() {
    Postgresql pg = manifest();
    statefulSet = Optional.of(statefulSet(2, 2));
    database = synced();
    pg.setStatus(new PostgresStatus(PostgresStatus.RUNNING));
    pg.getStatus().setObservedGeneration(pg.getMetadata().getGeneration());
    changes = List.of("updated StatefulSet; pods flagged for rolling update");
    ClusterReconcile reconcile = reconcile();

    reconcile.reconcile(pg, config);
    reconcile.forget(pg);

    assertThat(operationCalls).containsExactly("changed", "run", "forget");
  }

  @Test
  void aReconcileThatThrowsAfterTheApplySaysTheObjectsMayHaveChanged() {
    Postgresql pg = manifest();
    statefulSet = Optional.of(statefulSet(2, 2));
    database = synced();
    pg.setStatus(new PostgresStatus(PostgresStatus.RUNNING));
    pg.getStatus().setObservedGeneration(pg.getMetadata().getGeneration());
    // The StatefulSet's template was written and the pods flagged; a later write fails.
    applyFailure = new KubernetesClientException("the API server is gone");
    ClusterReconcile reconcile = reconcile();

    assertThatThrownBy(() -> reconcile.reconcile(pg, config)).isSameAs(applyFailure);
    reconcile.failed(pg, true, applyFailure);

    assertThat(operationCalls).containsExactly("changed");
  }

  @Test
  void changedObjectsAreToldAlsoWhenTheDatabaseStepFailsAndTheDay2StepWaits() {
    Postgresql pg = manifest();
    statefulSet = Optional.of(statefulSet(2, 2));
    pg.setStatus(new PostgresStatus(PostgresStatus.RUNNING));
    pg.getStatus().setObservedGeneration(pg.getMetadata().getGeneration());
    database =
        new DatabaseSync.Outcome(
            DatabaseSync.State.FAILED,
            SyncDecision.Verdict.FIRST_SYNC,
            "cannot reach the primary",
            Optional.of(Duration.ofSeconds(10)));
    changes = List.of("updated StatefulSet; pods flagged for rolling update");
    ClusterReconcile reconcile = reconcile();

    reconcile.reconcile(pg, config);
    assertThat(operationCalls).containsExactly("changed");

    changes = List.of();
    database = synced();
    reconcile.reconcile(pg, config);
    assertThat(operationCalls).containsExactly("changed", "run");
  }

  @Test
  void podsTheDatabaseStepFlaggedForAChangedPasswordAreTold() {
    Postgresql pg = manifest();
    statefulSet = Optional.of(statefulSet(2, 2));
    pg.setStatus(new PostgresStatus(PostgresStatus.RUNNING));
    pg.getStatus().setObservedGeneration(pg.getMetadata().getGeneration());
    changes = List.of();
    database =
        new DatabaseSync.Outcome(
            DatabaseSync.State.SYNCED,
            SyncDecision.Verdict.FIRST_SYNC,
            null,
            Optional.empty(),
            true);

    reconcile().reconcile(pg, config);

    assertThat(operationCalls).containsExactly("changed", "run");
  }

  @Test
  void aNewClustersFirstStatefulSetFlagsNothing() {
    Postgresql pg = manifest();

    reconcile().reconcile(pg, config);

    assertThat(operationCalls).containsExactly("created");
  }

  @Test
  void anInvalidManifestIsReportedWithItsFieldAndNothingIsApplied() {
    Postgresql pg = manifest();
    pg.getSpec().setNumberOfInstances(-1);

    reconcile().reconcile(pg, config);

    assertThat(calls).containsExactly("observe");
    assertThat(statuses).singleElement().asString().startsWith("Invalid: spec.numberOfInstances");
    assertThat(events)
        .singleElement()
        .asString()
        .startsWith("Warning Invalid: Invalid manifest: spec.numberOfInstances");
  }

  @Test
  void aFailedApplyPropagatesAndIsReportedAsTheFlowsFailure() {
    Postgresql pg = manifest();
    applyFailure = new KubernetesClientException("the API server is gone");
    ClusterReconcile reconcile = reconcile();

    assertThatThrownBy(() -> reconcile.reconcile(pg, config))
        .isInstanceOf(KubernetesClientException.class);
    reconcile.failed(pg, false, applyFailure);

    assertThat(calls).containsExactly("observe", "apply acid-test");
    assertThat(statuses).containsExactly("Creating", "CreateFailed: the API server is gone");
    assertThat(events).containsExactly("Warning SyncFailed: the API server is gone");
  }

  @Test
  void aDatabaseFailureMakesTheStatusFailedAndIsRetried() {
    Postgresql pg = manifest();
    statefulSet = Optional.of(statefulSet(2, 2));
    database =
        new DatabaseSync.Outcome(
            DatabaseSync.State.FAILED,
            SyncDecision.Verdict.FIRST_SYNC,
            "role \"zalando\": permission denied",
            Optional.of(Duration.ofSeconds(10)));

    ClusterReconcile.Outcome outcome = reconcile().reconcile(pg, config);

    assertThat(statuses).last().isEqualTo("CreateFailed: role \"zalando\": permission denied");
    assertThat(outcome.rescheduleAfter()).contains(Duration.ofSeconds(10));
  }

  @Test
  void aDeletedManifestDeletesTheObjects() {
    Postgresql pg = manifest();

    reconcile().deleted(pg, config);

    assertThat(calls).containsExactly("delete", "forget database");
    assertThat(events).isEmpty();
  }

  @Test
  void deleteProtectionKeepsTheObjectsAndSaysWhy() {
    Postgresql pg = manifest();
    OperatorConfig protectedConfig =
        config.withOverride(Options.DELETE_ANNOTATION_NAME_KEY, "delete-clustername");

    reconcile().deleted(pg, protectedConfig);

    assertThat(calls).doesNotContain("delete");
    assertThat(events)
        .containsExactly(
            "Warning Delete: objects kept: annotation delete-clustername must be set to the"
                + " cluster name");
  }

  @Test
  void withFinalizersTheFinalizerIsAddedAndRemovedOnlyAfterTheObjectsWent() {
    OperatorConfig withFinalizers = config.withOverride(Options.ENABLE_FINALIZERS, true);
    Postgresql pg = manifest();
    reconcile().reconcile(pg, withFinalizers);
    assertThat(calls).startsWith("add finalizer");

    calls.clear();
    pg.getMetadata().setFinalizers(List.of(ClusterReconcile.FINALIZER));
    pg.getMetadata().setDeletionTimestamp("2026-12-06T10:00:00Z");
    deletionErrors = List.of("could not delete services: timeout");
    reconcile().reconcile(pg, withFinalizers);
    assertThat(calls).containsExactly("delete");
    assertThat(events).last().isEqualTo("Warning Delete: could not delete services: timeout");

    calls.clear();
    deletionErrors = List.of();
    reconcile().reconcile(pg, withFinalizers);
    assertThat(calls).containsExactly("delete", "remove finalizer");
  }

  /** A running cluster on {@code running} whose manifest asks for {@code version}. */
  private Postgresql runningCluster(String version, String running, String window) {
    Postgresql pg = manifest();
    pg.getSpec().getPostgresql().setVersion(version);
    pg.getSpec().setMaintenanceWindows(List.of(window));
    pg.setStatus(new PostgresStatus(PostgresStatus.RUNNING));
    pg.getStatus().setObservedGeneration(pg.getMetadata().getGeneration());
    statefulSet = Optional.of(statefulSet(2, 2));
    observed = Observed.none().toBuilder().newCluster(false).runningMajorVersion(running).build();
    database = synced();
    changes = List.of();
    return pg;
  }

  @Test
  void aVersionChangeOutsideTheWindowKeepsTheRunningVersionSaysUntilWhenAndIsAppliedAsItOpens() {
    Postgresql pg = runningCluster("17", "16", "22:00-23:00");
    ClusterReconcile reconcile = reconcile();

    ClusterReconcile.Outcome waiting = reconcile.reconcile(pg, config);
    // A resync while it waits: the same status, no second Event.
    now = Instant.parse("2026-12-12T21:59:00Z");
    ClusterReconcile.Outcome close = reconcile.reconcile(pg, config);

    assertThat(appliedVersions).containsExactly("16");
    String note =
        "postgresql.version 17 waits for the maintenance window at 2026-12-12T22:00:00Z (runs 16)";
    assertThat(statuses).containsExactly("Running: " + note);
    assertThat(events).containsExactly("Normal PostgreSQL: " + note);
    assertThat(waiting.rescheduleAfter()).contains(Duration.ofHours(1));
    assertThat(close.rescheduleAfter()).contains(Duration.ofSeconds(61));

    // The window opens: the reconcile it asked for builds the StatefulSet again with 17.
    now = Instant.parse("2026-12-12T22:00:01Z");
    changes = List.of("updated StatefulSet acid-test");
    ClusterReconcile.Outcome open = reconcile.reconcile(pg, config);

    assertThat(appliedVersions).containsExactly("16", "17");
    assertThat(statuses).last().isEqualTo("Running");
    assertThat(events).last().isEqualTo("Normal Sync: updated StatefulSet acid-test");
    assertThat(open.rescheduleAfter()).isEmpty();
  }

  @Test
  void aVersionDecreaseIsIgnoredWithOneWarningNamingBothVersions() {
    Postgresql pg = runningCluster("15", "16", "10:00-11:00");
    ClusterReconcile reconcile = reconcile();

    ClusterReconcile.Outcome outcome = reconcile.reconcile(pg, config);
    reconcile.reconcile(pg, config);

    assertThat(appliedVersions).containsExactly("16");
    String note =
        "spec.postgresql.version 15 is lower than the version the cluster runs (16): a version"
            + " decrease is ignored, the pods keep 16";
    assertThat(events).containsExactly("Warning PostgreSQL: " + note);
    assertThat(statuses).containsExactly("Running: " + note);
    assertThat(outcome.rescheduleAfter()).isEmpty();
  }

  @Test
  void inAWindowAVersionChangeIsAppliedAtOnceWithoutANote() {
    Postgresql pg = runningCluster("17", "16", "10:00-11:00");
    changes = List.of("updated StatefulSet acid-test");

    reconcile().reconcile(pg, config);

    assertThat(appliedVersions).containsExactly("17");
    assertThat(events).containsExactly("Normal Sync: updated StatefulSet acid-test");
  }
}
