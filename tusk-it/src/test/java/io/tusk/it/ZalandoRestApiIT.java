package io.tusk.it;

import static io.tusk.it.OperatorHarness.awaitStatus;
import static io.tusk.it.OperatorHarness.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Zalando's REST API as its UI and its end-to-end harness read it: the same paths (with and without
 * the trailing slash) and JSON keys, the reconcile threads as workers, a cluster's log lines and
 * the history of its manifest.
 */
@LocalKubernetes
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZalandoRestApiIT {
  private static final String NAME = "acid-minimal-cluster";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @InjectClient static KubernetesClient client;
  @InjectCluster static LocalCluster cluster;
  static OperatorHarness operator;

  @BeforeAll
  static void runningCluster() {
    operator = new OperatorHarness(cluster, Map.of()).start();
    client.resource(manifest(client, "minimal.yaml")).create();
    awaitStatus(client, NAME, "Running");
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  private record Answer(int code, JsonNode body) {}

  private static Answer get(String path) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + operator.httpPort() + path))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.headers().firstValue("Content-Type")).as(path).contains("application/json");
    return new Answer(r.statusCode(), JSON.readTree(r.body()));
  }

  @Test
  @Order(1)
  void clustersByTeamAndTheClusterStatus() throws Exception {
    String ns = cluster.namespace();
    for (String path : List.of("/clusters/", "/clusters")) {
      Answer all = get(path);
      assertThat(all.code()).isEqualTo(200);
      assertThat(all.body().path("acid").get(0).asText()).isEqualTo(NAME);
    }
    assertThat(get("/clusters/acid/").body().get(0).asText()).isEqualTo(NAME);
    Answer noTeam = get("/clusters/nosuchteam/");
    assertThat(noTeam.code()).isEqualTo(500);
    assertThat(noTeam.body().path("error").asText())
        .isEqualTo("could not find clusters for the team");

    for (String path :
        List.of("/clusters/" + ns + "/" + NAME + "/", "/clusters/" + ns + "/" + NAME)) {
      Answer status = get(path);
      assertThat(status.code()).as(path).isEqualTo(200);
      JsonNode s = status.body();
      assertThat(s.path("Team").asText()).isEqualTo("acid");
      assertThat(s.path("Cluster").asText()).isEqualTo(NAME);
      assertThat(s.path("Namespace").asText()).isEqualTo(ns);
      assertThat(s.at("/MasterService/metadata/name").asText()).isEqualTo(NAME);
      assertThat(s.at("/ReplicaService/metadata/name").asText()).isEqualTo(NAME + "-repl");
      assertThat(s.at("/StatefulSet/spec/replicas").asInt()).isEqualTo(2);
      assertThat(s.at("/PrimaryPodDisruptionBudget/metadata/name").asText())
          .isEqualTo("postgres-" + NAME + "-pdb");
      assertThat(s.at("/CriticalOpPodDisruptionBudget/metadata/name").asText())
          .isEqualTo("postgres-" + NAME + "-critical-op-pdb");
      assertThat(s.at("/Status/PostgresClusterStatus").asText()).isEqualTo("Running");
      assertThat(s.at("/Spec/teamId").asText()).isEqualTo("acid");
      assertThat(s.at("/Spec/databases/foo").asText()).isEqualTo("zalando");
      assertThat(s.has("CurrentProcess")).isTrue();
      assertThat(s.path("Worker").isInt()).isTrue();
      assertThat(s.has("MasterEndpoint") && s.has("ReplicaEndpoint") && s.has("Error")).isTrue();
    }
    Answer missing = get("/clusters/" + ns + "/acid-nonexistent/");
    assertThat(missing.code()).isEqualTo(500);
    assertThat(missing.body().path("error").asText()).isEqualTo("could not find cluster");
    assertThat(get("/clusters/" + ns + "/" + NAME + "/something/").body().path("error").asText())
        .isEqualTo("page not found");

    // The manifest's databases, as Zalando lists them (prepared databases are not among them).
    assertThat(get("/databases/").body().path(NAME))
        .extracting(JsonNode::asText)
        .containsExactly("foo");
  }

  @Test
  @Order(2)
  void workersAreIdleOnceEveryClusterIsDoneAndHaveQueues() throws Exception {
    await("every worker idle")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              JsonNode all = get("/workers/all/status/").body();
              List<String> states = new ArrayList<>();
              all.elements().forEachRemaining(e -> states.add(e.asText()));
              return !states.isEmpty() && states.stream().allMatch("idle"::equals);
            });
    JsonNode all = get("/workers/all/status/").body();
    assertThat(all.has("0")).isTrue();
    assertThat(get("/workers/0/status/").body().asText()).isEqualTo("idle");
    JsonNode queue = get("/workers/0/queue").body();
    assertThat(queue.has("Keys") && queue.has("List")).isTrue();
    assertThat(get("/workers/all/queue/").body().path("0").has("Keys")).isTrue();
    assertThat(get("/workers/0/logs/").code()).isEqualTo(200);
    assertThat(get("/workers/100000/status/").body().path("error").asText())
        .isEqualTo("could not find worker");

    JsonNode status = get("/status/").body();
    assertThat(status.path("Clusters").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(status.path("LastSyncTime").asLong()).isPositive();
    assertThat(status.path("WorkerQueueSize").has("0")).isTrue();
    assertThat(get("/readyz/").code()).isEqualTo(200);
    assertThat(get("/config/").body().at("/operator/WatchedNamespace").asText())
        .isEqualTo(cluster.namespace());
  }

  @Test
  @Order(3)
  void aChangeOfTheManifestIsInTheHistoryAndTheClusterHasLogLines() throws Exception {
    String ns = cluster.namespace();
    client
        .resources(Postgresql.class)
        .withName(NAME)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"numberOfInstances\":3}}");
    await("the change in the history")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              JsonNode history = get("/clusters/" + ns + "/" + NAME + "/history/").body();
              for (JsonNode change : history) {
                for (JsonNode line : change.path("Diff")) {
                  if (line.asText().equals("spec.numberOfInstances: 2 -> 3")) {
                    return change.has("EventTime") && change.has("ProcessTime");
                  }
                }
              }
              return false;
            });

    // A manifest the operator refuses logs why, in the cluster's lines.
    client
        .resources(Postgresql.class)
        .withName(NAME)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"users\":{\"Not A Role!\":[]}}}");
    await("the refusal in the cluster's log lines")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              for (JsonNode line : get("/clusters/" + ns + "/" + NAME + "/logs/").body()) {
                if (line.path("Message").asText().contains("is invalid")) {
                  return line.has("Time") && line.has("Level") && line.has("Worker");
                }
              }
              return false;
            });
    client
        .resources(Postgresql.class)
        .withName(NAME)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"users\":{\"Not A Role!\":null}}}");
    awaitStatus(client, NAME, "Running");
    int worker = get("/clusters/" + ns + "/" + NAME + "/").body().path("Worker").asInt();
    JsonNode workerLines = get("/workers/" + worker + "/logs/").body();
    assertThat(workerLines)
        .anySatisfy(l -> assertThat(l.path("ClusterName").asText()).isEqualTo(ns + "/" + NAME));
  }
}
