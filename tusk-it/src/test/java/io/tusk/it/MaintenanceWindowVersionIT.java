package io.tusk.it;

import static io.tusk.it.OperatorHarness.awaitStatus;
import static io.tusk.it.OperatorHarness.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A {@code postgresql.version} change of a running cluster against the real API server, with
 * simulated pods: a decrease is ignored with a Warning; outside the cluster's maintenance window a
 * higher version waits (the StatefulSet keeps {@code PGVERSION}, the status says until when); a
 * window that is open now lets it through within seconds.
 */
@LocalKubernetes
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MaintenanceWindowVersionIT {
  private static final String NAME = "acid-windows";
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  @InjectClient static KubernetesClient client;
  @InjectCluster static LocalCluster cluster;
  static OperatorHarness operator;

  /**
   * A daily window that opens three hours from now, closed now. A window must not run past midnight
   * (Zalando's validation refuses it): one that would starts at 00:30 instead.
   */
  private static final LocalTime CLOSED_START = closedStart();

  private static LocalTime closedStart() {
    LocalTime start = LocalTime.now(ZoneOffset.UTC).plusHours(3).truncatedTo(ChronoUnit.MINUTES);
    return start.isBefore(LocalTime.of(23, 29)) ? start : LocalTime.of(0, 30);
  }

  private static final String CLOSED =
      HH_MM.format(CLOSED_START) + "-" + HH_MM.format(CLOSED_START.plusMinutes(30));

  @BeforeAll
  static void clusterRunsVersion16() {
    operator = new OperatorHarness(cluster, Map.of()).start();
    client
        .resource(
            client
                .getKubernetesSerialization()
                .unmarshal(
                    """
                    apiVersion: acid.zalan.do/v1
                    kind: postgresql
                    metadata:
                      name: acid-windows
                    spec:
                      teamId: acid
                      numberOfInstances: 2
                      volume:
                        size: 1Gi
                      postgresql:
                        version: "16"
                      maintenanceWindows:
                      - "%s"
                    """
                        .formatted(CLOSED),
                    Postgresql.class))
        .create();
    awaitStatus(client, NAME, "Running");
    assertThat(pgVersion()).isEqualTo("16");
  }

  @AfterAll
  static void stop() {
    client.resources(Postgresql.class).withName(NAME).delete();
    operator.close();
  }

  @Test
  @Order(1)
  void aDecreaseIsIgnoredWithAWarningNamingBothVersions() {
    Long before = statefulSetVersion();

    patchSpec("{\"postgresql\":{\"version\":\"15\"}}");

    await("the Warning naming both versions")
        .atMost(Duration.ofSeconds(30))
        .until(() -> !versionEvents("Warning").isEmpty());
    assertThat(versionEvents("Warning"))
        .singleElement()
        .extracting(Event::getMessage)
        .asString()
        .contains("spec.postgresql.version 15", "runs (16)", "decrease is ignored");
    awaitObserved();
    assertThat(pgVersion()).isEqualTo("16");
    assertThat(statefulSetVersion()).as("StatefulSet not written").isEqualTo(before);
    assertThat(status().getPostgresClusterStatus()).isEqualTo("Running");
    assertThat(status().getMessage()).contains("decrease is ignored");
  }

  @Test
  @Order(2)
  void outsideTheWindowAHigherVersionWaitsAndTheStatusSaysUntilWhen() {
    Long before = statefulSetVersion();

    patchSpec("{\"postgresql\":{\"version\":\"17\"}}");

    await("the status names the window's start")
        .atMost(Duration.ofSeconds(30))
        .until(() -> String.valueOf(status().getMessage()).contains("waits"));
    String start = "T" + HH_MM.format(CLOSED_START) + ":00Z";
    assertThat(status().getPostgresClusterStatus()).isEqualTo("Running");
    assertThat(status().getMessage())
        .startsWith("postgresql.version 17 waits for the maintenance window at ")
        .contains(start)
        .endsWith("(runs 16)");
    assertThat(pgVersion()).isEqualTo("16");
    assertThat(statefulSetVersion()).as("StatefulSet not written").isEqualTo(before);
    assertThat(versionEvents("Normal"))
        .singleElement()
        .extracting(Event::getMessage)
        .asString()
        .contains("postgresql.version 17 waits for the maintenance window", start, "(runs 16)");
  }

  @Test
  @Order(3)
  void aWindowThatIsOpenNowLetsTheChangeThroughWithinSeconds() {
    patchSpec("{\"maintenanceWindows\":" + openNow() + "}");

    await("PGVERSION 17")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> "17".equals(pgVersion()));
    await("the status no longer says it waits")
        .atMost(Duration.ofSeconds(30))
        .until(() -> !String.valueOf(status().getMessage()).contains("waits"));
  }

  /**
   * Daily windows open from five minutes ago for the next hour. A window must not run past
   * midnight, so near midnight that hour is split into one window until 23:59 and one from 00:00.
   */
  static String openNow() {
    LocalTime now = LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
    LocalTime from = now.isBefore(LocalTime.of(0, 5)) ? LocalTime.MIDNIGHT : now.minusMinutes(5);
    LocalTime to = now.plusMinutes(55);
    if (to.isAfter(from)) {
      return "[\"" + HH_MM.format(from) + "-" + HH_MM.format(to) + "\"]";
    }
    return "[\"" + HH_MM.format(from) + "-23:59\", \"00:00-" + HH_MM.format(to) + "\"]";
  }

  private static List<Event> versionEvents(String type) {
    return events(client, NAME).stream()
        .filter(e -> type.equals(e.getType()) && "PostgreSQL".equals(e.getReason()))
        .toList();
  }

  private static io.tusk.api.acid.v1.PostgresStatus status() {
    return client.resources(Postgresql.class).withName(NAME).get().getStatus();
  }

  /** Waits until the status is of the manifest's current generation. */
  private static void awaitObserved() {
    await("the status of the current generation")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Postgresql pg = client.resources(Postgresql.class).withName(NAME).get();
              return pg.getStatus() != null
                  && pg.getMetadata()
                      .getGeneration()
                      .equals(pg.getStatus().getObservedGeneration());
            });
  }

  /** The StatefulSet's generation: it changes with every write of its spec. */
  private static Long statefulSetVersion() {
    return client.apps().statefulSets().withName(NAME).get().getMetadata().getGeneration();
  }

  private static String pgVersion() {
    StatefulSet sts = client.apps().statefulSets().withName(NAME).get();
    return sts.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> "PGVERSION".equals(e.getName()))
        .map(EnvVar::getValue)
        .findFirst()
        .orElse(null);
  }

  private static void patchSpec(String specJson) {
    client
        .resources(Postgresql.class)
        .withName(NAME)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":" + specJson + "}");
  }
}
