package io.tusk.it;

import static io.tusk.it.OperatorHarness.awaitStatus;
import static io.tusk.it.OperatorHarness.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.local.ComponentControl;
import io.tusk.local.components.Component;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API server goes away for 30 seconds while the operator is creating five clusters and updating
 * two others: once it is back, the same operator process (never restarted) brings every cluster to
 * its declared state with the objects as declared, each object exactly once, the updates applied,
 * and its watches working again. The update changes the pod template, so the pods that predate it
 * carry the rolling-update flag whatever moment the outage cut the sync off at; the simulated pods
 * run no Patroni, so those clusters stay Updating, waiting for a member to answer.
 */
@LocalKubernetes
class ApiServerOutageIT {
  private static final List<String> UPDATED = List.of("acid-updated-1", "acid-updated-2");
  private static final List<String> CREATED =
      List.of(
          "acid-created-1", "acid-created-2", "acid-created-3", "acid-created-4", "acid-created-5");
  private static final Duration OUTAGE = Duration.ofSeconds(30);
  private static final String CPU_REQUEST = "150m";
  private static final String UPDATE =
      "{\"spec\":{\"numberOfInstances\":3,\"resources\":{\"requests\":{\"cpu\":\""
          + CPU_REQUEST
          + "\",\"memory\":\"100Mi\"},\"limits\":{\"cpu\":\"1\",\"memory\":\"500Mi\"}}}}";

  @InjectClient static KubernetesClient client;
  @InjectCluster static LocalCluster cluster;
  static OperatorHarness operator;

  @BeforeAll
  static void clustersToUpdateRun() {
    operator = new OperatorHarness(cluster, Map.of()).start();
    for (String name : UPDATED) {
      create(name);
    }
    for (String name : UPDATED) {
      awaitStatus(client, name, "Running", Duration.ofSeconds(60));
    }
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  private static void create(String name) {
    Postgresql pg = manifest(client, "minimal.yaml");
    pg.getMetadata().setName(name);
    client.resource(pg).create();
  }

  @Test
  void everyClusterConvergesAfterTheApiServerWasAwayMidCreateAndMidUpdate() throws Exception {
    for (String name : CREATED) {
      create(name);
    }
    for (String name : UPDATED) {
      client
          .resources(Postgresql.class)
          .withName(name)
          .patch(PatchContext.of(PatchType.JSON_MERGE), UPDATE);
    }
    List<String> runningBefore =
        CREATED.stream()
            .filter(
                n -> "Running".equals(OperatorHarness.status(client, n)) && observedGeneration(n))
            .toList();
    ComponentControl.Stopped apiserver = cluster.stop(Component.KUBE_APISERVER);
    try {
      // The outage itself: nothing can be written or read meanwhile.
      Thread.sleep(OUTAGE.toMillis());
      assertThat(operator.isRunning()).isTrue();
    } finally {
      cluster.startAgain(apiserver);
    }
    // The outage hit work in progress: not every cluster was done when the server went away.
    assertThat(runningBefore).as("clusters done before the outage").hasSizeLessThan(CREATED.size());

    List<String> all = Stream.concat(CREATED.stream(), UPDATED.stream()).toList();
    try {
      // Most of the wait is the controller-manager's: its watches back off for up to a minute
      // (client-go's reflector backoff, with jitter) before the StatefulSet controller creates
      // the pods of the new clusters. The failure prints the state of every cluster.
      await("every cluster at its current generation, its StatefulSet as declared")
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .until(() -> all.stream().allMatch(ApiServerOutageIT::converged));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      for (String name : all) {
        System.out.println("not converged? " + name + ": " + describe(name));
      }
      throw e;
    }

    for (String name : all) {
      assertOneOfEach(name);
    }
    for (String name : UPDATED) {
      StatefulSet sts = client.apps().statefulSets().withName(name).get();
      assertThat(sts.getSpec().getReplicas()).as(name).isEqualTo(3);
      assertThat(
              sts.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .getResources()
                  .getRequests()
                  .get("cpu"))
          .as(name)
          .hasToString(CPU_REQUEST);
    }
    // The same operator process did all of it; its watches work again: a new change arrives.
    assertThat(operator.isRunning()).isTrue();
    assertThat(all)
        .allSatisfy(n -> assertThat(operator.reconciles(n).succeeded()).as(n).isPositive());
    client
        .resources(Postgresql.class)
        .withName(UPDATED.get(0))
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"numberOfInstances\":1}}");
    await("a change after the outage reaches the StatefulSet")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.apps().statefulSets().withName(UPDATED.get(0)).get().getSpec().getReplicas()
                    == 1);
  }

  private static boolean observedGeneration(String name) {
    Postgresql pg = client.resources(Postgresql.class).withName(name).get();
    return pg.getStatus() != null
        && Objects.equals(pg.getStatus().getObservedGeneration(), pg.getMetadata().getGeneration());
  }

  /**
   * A created cluster is Running; an updated one has its two older pods flagged for the rolling
   * update and is Updating, waiting for Patroni (which the simulated pods do not run).
   */
  private static boolean converged(String name) {
    Postgresql pg = client.resources(Postgresql.class).withName(name).get();
    StatefulSet sts = client.apps().statefulSets().withName(name).get();
    int instances = pg.getSpec().getNumberOfInstances();
    boolean declared =
        UPDATED.contains(name)
            ? "Updating".equals(pg.getStatus().getPostgresClusterStatus())
                && pg.getStatus().getMessage().contains("no Patroni member answered")
                && flagged(name + "-0")
                && flagged(name + "-1")
            : "Running".equals(pg.getStatus().getPostgresClusterStatus());
    return declared
        && Objects.equals(pg.getStatus().getObservedGeneration(), pg.getMetadata().getGeneration())
        && sts != null
        && sts.getSpec().getReplicas() == instances
        && Objects.equals(sts.getStatus().getReadyReplicas(), instances)
        && pods(name) == instances;
  }

  /** What {@link #converged} looks at, for a failure message. */
  private static String describe(String name) {
    try {
      Postgresql pg = client.resources(Postgresql.class).withName(name).get();
      StatefulSet sts = client.apps().statefulSets().withName(name).get();
      return "status "
          + (pg.getStatus() == null ? null : pg.getStatus().getPostgresClusterStatus())
          + " ("
          + (pg.getStatus() == null ? null : pg.getStatus().getMessage())
          + "), observedGeneration "
          + (pg.getStatus() == null ? null : pg.getStatus().getObservedGeneration())
          + " of "
          + pg.getMetadata().getGeneration()
          + ", StatefulSet "
          + (sts == null
              ? "missing"
              : sts.getSpec().getReplicas()
                  + " replicas, "
                  + sts.getStatus().getReadyReplicas()
                  + " ready")
          + ", pods "
          + pods(name)
          + (UPDATED.contains(name)
              ? ", flagged " + flagged(name + "-0") + " " + flagged(name + "-1")
              : "");
    } catch (RuntimeException e) {
      return e.toString();
    }
  }

  private static boolean flagged(String pod) {
    Map<String, String> annotations =
        client.pods().withName(pod).get().getMetadata().getAnnotations();
    return annotations != null
        && "true".equals(annotations.get("zalando-postgres-operator-rolling-update-required"));
  }

  private static int pods(String name) {
    return client.pods().withLabels(Map.of("cluster-name", name)).list().getItems().size();
  }

  /** Each object of the cluster exists once, and its Events are not repeated as new ones. */
  private static void assertOneOfEach(String name) {
    Map<String, String> selector = Map.of("cluster-name", name);
    assertThat(
            names(
                client.apps().statefulSets().withLabels(selector).list().getItems(),
                s -> s.getMetadata().getName()))
        .as("StatefulSets of %s", name)
        .containsExactly(name);
    assertThat(
            names(
                client.services().withLabels(selector).list().getItems(),
                s -> s.getMetadata().getName()))
        .as("Services of %s", name)
        .containsExactlyInAnyOrder(name, name + "-repl");
    assertThat(
            names(
                client.policy().v1().podDisruptionBudget().withLabels(selector).list().getItems(),
                p -> p.getMetadata().getName()))
        .as("PodDisruptionBudgets of %s", name)
        .containsExactlyInAnyOrder(
            "postgres-" + name + "-pdb", "postgres-" + name + "-critical-op-pdb");
    List<Secret> secrets = client.secrets().withLabels(selector).list().getItems();
    assertThat(names(secrets, s -> s.getMetadata().getName()))
        .as("Secrets of %s", name)
        .containsExactlyInAnyOrder(
            "postgres." + name + ".credentials.postgresql.acid.zalan.do",
            "standby." + name + ".credentials.postgresql.acid.zalan.do",
            "zalando." + name + ".credentials.postgresql.acid.zalan.do",
            "foo-user." + name + ".credentials.postgresql.acid.zalan.do");
    assertThat(
            names(
                secrets,
                s -> new String(java.util.Base64.getDecoder().decode(s.getData().get("username")))))
        .as("users with a Secret in %s", name)
        .doesNotHaveDuplicates();

    List<Event> events =
        OperatorHarness.events(client, name).stream()
            .filter(e -> e.getSource() != null && "tusk".equals(e.getSource().getComponent()))
            .toList();
    // A repeat of the same reason and message bumps the count of one Event.
    Map<String, Long> sameEvent =
        events.stream()
            .collect(
                Collectors.groupingBy(
                    e -> e.getType() + " " + e.getReason() + ": " + e.getMessage(),
                    Collectors.counting()));
    assertThat(sameEvent.values())
        .as("Events of %s: %s", name, sameEvent.keySet())
        .allMatch(n -> n == 1);
    // Not asserted: how many Events say "created StatefulSet". A request whose response the
    // outage cut off may have been carried out, and a retry seconds later, before the informer
    // has caught up, applies the objects again; the objects above are counted instead.
    assertThat(events).as("Events of %s", name).hasSizeLessThanOrEqualTo(10);
  }

  private static <T> List<String> names(List<T> items, Function<T, String> name) {
    return new ArrayList<>(items.stream().map(name).toList());
  }
}
