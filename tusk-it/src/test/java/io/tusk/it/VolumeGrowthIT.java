package io.tusk.it;

import static io.tusk.it.OperatorHarness.awaitStatus;
import static io.tusk.it.OperatorHarness.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Volume growth ({@code storage_resize_mode} {@code pvc}) of a two-instance cluster against the
 * real API server and controller-manager, the local provisioner playing the CSI external-resizer:
 * 1Gi to 2Gi grows every claim and volume with no pod recreated; 2Gi back to 1Gi is refused with a
 * Warning and changes nothing; mode {@code ebs} grows the same way after a Warning that it falls
 * back to {@code pvc}.
 */
@LocalKubernetes
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VolumeGrowthIT {
  private static final String NAME = "acid-volumes";
  private static final Map<String, String> SELECTOR =
      Map.of("application", "spilo", "cluster-name", NAME);
  private static final List<String> CLAIMS =
      List.of("pgdata-" + NAME + "-0", "pgdata-" + NAME + "-1");

  @InjectClient static KubernetesClient client;
  @InjectCluster static LocalCluster cluster;
  static OperatorHarness operator;

  @BeforeAll
  static void clusterRunsWithBoundVolumes() {
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
                      name: acid-volumes
                    spec:
                      teamId: acid
                      numberOfInstances: 2
                      volume:
                        size: 1Gi
                      postgresql:
                        version: "17"
                    """,
                    Postgresql.class))
        .create();
    awaitStatus(client, NAME, "Running");
    await("both claims bound at 1Gi")
        .atMost(Duration.ofSeconds(60))
        .until(() -> capacities().equals(sizes("1Gi")));
  }

  @AfterAll
  static void stop() {
    client.resources(Postgresql.class).withName(NAME).delete();
    operator.close();
  }

  @Test
  @Order(1)
  void aLargerSizeGrowsEveryClaimAndVolumeWithoutTouchingAPod() {
    Map<String, String> pods = podUids();
    assertThat(pods).hasSize(2);

    patchSpec("{\"volume\":{\"size\":\"2Gi\"}}");

    await("every claim asks for 2Gi and reports 2Gi")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> requests().equals(sizes("2Gi")) && capacities().equals(sizes("2Gi")));
    for (String name : CLAIMS) {
      PersistentVolumeClaim claim = claim(name);
      assertThat(claim.getStatus().getConditions()).as(name).isNullOrEmpty();
      assertThat(claim.getStatus().getAllocatedResourceStatuses()).as(name).isNullOrEmpty();
      assertThat(
              client
                  .persistentVolumes()
                  .withName(claim.getSpec().getVolumeName())
                  .get()
                  .getSpec()
                  .getCapacity()
                  .get("storage"))
          .as("the volume of %s", name)
          .isEqualTo(new Quantity("2Gi"));
      // The controller-manager's expand controller has no in-tree plugin for these volumes and
      // leaves them to an external resizer: the local provisioner, which says it succeeded.
      assertThat(claimEvents(name))
          .extracting(Event::getReason)
          .contains("ExternalExpanding", "Resizing", "VolumeResizeSuccessful");
    }
    // New replicas get the size too: the claim template grew (the StatefulSet was replaced).
    await("the claim template asks for 2Gi")
        .atMost(Duration.ofSeconds(30))
        .until(() -> new Quantity("2Gi").equals(templateSize()));
    awaitStatus(client, NAME, "Running");
    assertThat(podUids()).as("no pod recreated").isEqualTo(pods);
    assertThat(events(client, NAME))
        .anySatisfy(
            e -> {
              assertThat(e.getType()).isEqualTo("Normal");
              assertThat(e.getReason()).isEqualTo("Volumes");
              assertThat(e.getMessage())
                  .contains("pgdata-acid-volumes-0 1Gi -> 2Gi", "pgdata-acid-volumes-1 1Gi -> 2Gi");
            });
    assertThat(events(client, NAME))
        .noneMatch(e -> "Warning".equals(e.getType()) && "Volumes".equals(e.getReason()));
  }

  @Test
  @Order(2)
  void aSmallerSizeIsRefusedWithAWarningAndChangesNothing() {
    Map<String, String> pods = podUids();
    Map<String, String> claimVersions = claimVersions();
    StatefulSet before = client.apps().statefulSets().withName(NAME).get();

    patchSpec("{\"volume\":{\"size\":\"1Gi\"}}");

    await("the Warning naming both sizes")
        .atMost(Duration.ofSeconds(30))
        .until(() -> refusal() != null);
    assertThat(refusal().getMessage())
        .contains("volume.size 1Gi is smaller than", "pgdata-acid-volumes-0 (2Gi)")
        .contains("pgdata-acid-volumes-1 (2Gi)", "never shrunk");
    awaitStatus(client, NAME, "Running");
    Postgresql pg = client.resources(Postgresql.class).withName(NAME).get();
    assertThat(pg.getStatus().getMessage()).contains("never shrunk");
    assertThat(pg.getStatus().getObservedGeneration()).isEqualTo(pg.getMetadata().getGeneration());

    assertThat(claimVersions()).as("no claim written").isEqualTo(claimVersions);
    assertThat(requests()).isEqualTo(sizes("2Gi"));
    StatefulSet after = client.apps().statefulSets().withName(NAME).get();
    assertThat(after.getMetadata().getUid()).as("StatefulSet kept").isEqualTo(uid(before));
    assertThat(after.getMetadata().getResourceVersion())
        .isEqualTo(before.getMetadata().getResourceVersion());
    assertThat(templateSize()).isEqualTo(new Quantity("2Gi"));
    assertThat(podUids()).isEqualTo(pods);
  }

  @Test
  @Order(3)
  void modeEbsFallsBackToPvcWithAWarning() {
    Map<String, String> pods = podUids();
    operator.writeConfig(Map.of("storage_resize_mode", "ebs"));
    await("a reconcile under mode ebs")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              var last = operator.reconciles(NAME).lastConfiguration();
              return last != null
                  && "ebs".equals(last.get(io.tusk.config.Options.STORAGE_RESIZE_MODE));
            });

    patchSpec("{\"volume\":{\"size\":\"3Gi\"}}");

    await("every claim at 3Gi")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> requests().equals(sizes("3Gi")) && capacities().equals(sizes("3Gi")));
    assertThat(events(client, NAME))
        .anySatisfy(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getReason()).isEqualTo("Volumes");
              assertThat(e.getMessage())
                  .startsWith("storage_resize_mode ebs")
                  .contains("as in mode pvc");
            });
    awaitStatus(client, NAME, "Running");
    Postgresql pg = client.resources(Postgresql.class).withName(NAME).get();
    assertThat(pg.getStatus().getMessage()).as("the refusal is over").isNullOrEmpty();
    assertThat(podUids()).isEqualTo(pods);
  }

  private static Event refusal() {
    return events(client, NAME).stream()
        .filter(e -> "Warning".equals(e.getType()) && "Volumes".equals(e.getReason()))
        .filter(e -> e.getMessage().startsWith("volume.size 1Gi"))
        .findFirst()
        .orElse(null);
  }

  private static List<Event> claimEvents(String claim) {
    return client.v1().events().list().getItems().stream()
        .filter(e -> "PersistentVolumeClaim".equals(e.getInvolvedObject().getKind()))
        .filter(e -> claim.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private static Map<String, Quantity> sizes(String size) {
    Map<String, Quantity> m = new TreeMap<>();
    CLAIMS.forEach(c -> m.put(c, new Quantity(size)));
    return m;
  }

  private static PersistentVolumeClaim claim(String name) {
    return client.persistentVolumeClaims().withName(name).get();
  }

  private static List<PersistentVolumeClaim> claims() {
    return client.persistentVolumeClaims().withLabels(SELECTOR).list().getItems();
  }

  private static Map<String, Quantity> requests() {
    return claims().stream()
        .collect(
            Collectors.toMap(
                c -> c.getMetadata().getName(),
                c -> c.getSpec().getResources().getRequests().get("storage"),
                (a, b) -> a,
                TreeMap::new));
  }

  /** Status capacity per bound claim. */
  private static Map<String, Quantity> capacities() {
    return claims().stream()
        .filter(c -> c.getStatus() != null && c.getStatus().getCapacity() != null)
        .filter(c -> c.getStatus().getCapacity().get("storage") != null)
        .collect(
            Collectors.toMap(
                c -> c.getMetadata().getName(),
                c -> c.getStatus().getCapacity().get("storage"),
                (a, b) -> a,
                TreeMap::new));
  }

  private static Map<String, String> claimVersions() {
    return claims().stream()
        .collect(
            Collectors.toMap(
                c -> c.getMetadata().getName(),
                c -> c.getMetadata().getResourceVersion(),
                (a, b) -> a,
                TreeMap::new));
  }

  private static Map<String, String> podUids() {
    return client.pods().withLabels(SELECTOR).list().getItems().stream()
        .collect(
            Collectors.toMap(
                (Pod p) -> p.getMetadata().getName(),
                p -> p.getMetadata().getUid(),
                (a, b) -> a,
                TreeMap::new));
  }

  /** The StatefulSet's claim template size; null while it is replaced. */
  private static Quantity templateSize() {
    StatefulSet sts = client.apps().statefulSets().withName(NAME).get();
    return sts == null
        ? null
        : sts.getSpec()
            .getVolumeClaimTemplates()
            .get(0)
            .getSpec()
            .getResources()
            .getRequests()
            .get("storage");
  }

  private static String uid(StatefulSet sts) {
    return sts.getMetadata().getUid();
  }

  private static void patchSpec(String specJson) {
    client
        .resources(Postgresql.class)
        .withName(NAME)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":" + specJson + "}");
  }
}
