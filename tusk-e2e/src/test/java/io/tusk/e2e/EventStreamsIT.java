package io.tusk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tusk.api.acid.v1.Patroni;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.api.zalando.v1.EventStreamCrd;
import io.tusk.images.PostgresInstallation;
import io.tusk.it.OperatorHarness;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import io.tusk.patroni.PatroniClient;
import io.tusk.spec.streams.FabricEventStreams;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Event streams on real pods, as Zalando's e2e {@code test_stream_resources} checks them, with
 * Zalando's {@code FabricEventStream} CRD installed: adding {@code streams} to a running cluster
 * switches {@code wal_level} to {@code logical} through the day-2 step (the replica restarted, one
 * switchover, the primary never restarted in place, as Zalando would), creates the publication and
 * the logical slot of the table named and the {@code FabricEventStream}; a stream naming a table
 * that does not exist gets neither publication nor slot nor resource; removing the streams drops
 * Tusk's publication and slot and the resource, and keeps the publications and slots someone made
 * by hand (including those named like Tusk's, which Zalando would drop).
 */
@LocalKubernetes
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class EventStreamsIT {

  static final String CLUSTER = "acid-minimal-cluster";
  static final Duration WITHIN = Duration.ofMinutes(3);
  static final ObjectMapper JSON = new ObjectMapper();

  @InjectClient KubernetesClient client;
  @InjectCluster LocalCluster cluster;

  private OperatorHarness operator;
  private ClusterView view;
  private final PatroniClient patroni = PatroniClient.withDefaults();
  private String primaryBefore;
  private int timelineBefore;

  @BeforeAll
  void installCrdAndStartOperator() throws Exception {
    Path file =
        Path.of(System.getProperty("tusk.reference.dir"))
            .resolve("zalando-v2.0.1/manifests/fes.crd.yaml");
    try (InputStream in = Files.newInputStream(file)) {
      CustomResourceDefinition crd =
          client.apiextensions().v1().customResourceDefinitions().load(in).item();
      client.resource(crd).serverSideApply();
    }
    view = new ClusterView(client, CLUSTER);
    operator = RealPodsOperator.start(cluster, Map.of());
  }

  @AfterAll
  void stopOperator() {
    if (operator != null) {
      client.resources(Postgresql.class).withName(CLUSTER).delete();
      await().atMost(Duration.ofMinutes(2)).until(() -> view.pods().isEmpty());
      operator.close();
    }
    client.apiextensions().v1().customResourceDefinitions().withName(EventStreamCrd.NAME).delete();
  }

  List<GenericKubernetesResource> streamResources() {
    return client
        .genericKubernetesResources(EventStreamCrd.API_VERSION, EventStreamCrd.KIND)
        .withLabel("cluster-name", CLUSTER)
        .list()
        .getItems();
  }

  Sql.Login foo() {
    return view.superuser().in("foo");
  }

  List<String> publications() throws Exception {
    return Sql.column(
        foo(),
        "select p.pubname || ': ' || coalesce(string_agg(pt.schemaname || '.' || pt.tablename,"
            + " ', '), '') from pg_publication p left join pg_publication_tables pt"
            + " on pt.pubname = p.pubname group by p.pubname order by 1");
  }

  List<String> slots() throws Exception {
    return Sql.column(
        foo(),
        "select slot_name || ' ' || slot_type || ' ' || coalesce(plugin, '-') || ' '"
            + " || coalesce(database, '-') from pg_replication_slots order by 1");
  }

  @Test
  @Order(1)
  void aRunningClusterWithATableAndSlotsOfItsOwn() throws Exception {
    Postgresql pg = ClusterView.zalandoManifest(client, "minimal-postgres-manifest.yaml");
    int major = ClusterView.newestMajor(PostgresInstallation::ssl, "TLS support");
    pg.getSpec().getPostgresql().setVersion(Integer.toString(major));
    Patroni patroni = new Patroni();
    patroni.setTtl(20);
    patroni.setLoopWait(2);
    patroni.setRetryTimeout(3);
    // A slot of the manifest, as in Zalando's e2e: never Tusk's to remove.
    patroni.setSlots(Map.of("manual_slot", Map.of("type", "physical")));
    pg.getSpec().setPatroni(patroni);
    client.resources(Postgresql.class).resource(pg).create();
    OperatorHarness.awaitStatus(client, CLUSTER, "Running", HighAvailabilityScenario.START);
    await("a Ready master and a Ready replica")
        .atMost(HighAvailabilityScenario.START)
        .until(() -> view.readyRoles().equals(List.of("master", "replica")));

    await("database foo")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                Sql.execute(foo(), "create table test_table (id int primary key, payload jsonb)"));
    // Made by hand: publications (one named like Tusk's) and a logical slot put into Patroni's
    // configuration the way patronictl edit-config does.
    Sql.execute(foo(), "create publication fes_foo_manual for table test_table");
    Sql.execute(foo(), "create publication mypublication for table test_table");
    ObjectNode patch = JSON.createObjectNode();
    patch
        .putObject("slots")
        .putObject("fes_foo_manual")
        .put("type", "logical")
        .put("database", "foo")
        .put("plugin", "pgoutput");
    String masterIp = view.masterPod().getStatus().getPodIP();
    PatroniClient.withDefaults().patchConfig(PatroniClient.apiRoot(masterIp), patch);
    assertThat(Sql.value(foo(), "show wal_level")).isNotEqualTo("logical");
    primaryBefore = view.masterPod().getMetadata().getName();
    timelineBefore = timeline();
  }

  private int timeline() {
    return patroni
        .patroni(PatroniClient.apiRoot(view.masterPod().getStatus().getPodIP()))
        .timeline();
  }

  /** One entry per switchover the operator started (an aggregated Event counts each time). */
  private List<String> switchoverEvents() {
    List<String> out = new ArrayList<>();
    for (Event e : OperatorHarness.events(client, CLUSTER)) {
      if ("Switchover".equals(e.getReason()) && e.getMessage().startsWith("switch over from")) {
        for (int i = 0; i < (e.getCount() == null ? 1 : e.getCount()); i++) {
          out.add(e.getMessage());
        }
      }
    }
    return out;
  }

  @Test
  @Order(2)
  void streamsCreateThePublicationTheSlotAndTheResourceOfTheTableNamed() throws Exception {
    client
        .resources(Postgresql.class)
        .withName(CLUSTER)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            """
            {"spec": {"streams": [
              {"applicationId": "test-app", "database": "foo", "batchSize": 100,
               "cpu": "100m", "memory": "200Mi", "enableRecovery": true,
               "tables": {"test_table": {"eventType": "test-event", "idColumn": "id",
                                         "payloadColumn": "payload",
                                         "recoveryEventType": "test-event-dlq"}}},
              {"applicationId": "test-app2", "database": "foo", "batchSize": 100,
               "enableRecovery": true,
               "tables": {"test_non_exist_table": {"eventType": "test-event",
                                                   "idColumn": "id",
                                                   "payloadColumn": "payload",
                                                   "ignoreRecovery": true}}}]}}
            """);

    await("wal_level logical on the primary, publication and slot fes_foo_test_app")
        .atMost(WITHIN)
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(Sql.value(foo(), "show wal_level")).isEqualTo("logical");
              assertThat(publications()).contains("fes_foo_test_app: public.test_table");
              assertThat(slots()).contains("fes_foo_test_app logical pgoutput foo");
            });
    await("the FabricEventStream of test-app")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(streamResources()).hasSize(1));
    GenericKubernetesResource fes = streamResources().get(0);
    assertThat(fes.getMetadata().getName()).matches(CLUSTER + "-[a-z0-9]{5}");
    assertThat(FabricEventStreams.applicationId(fes)).contains("test-app");
    assertThat(fes.getMetadata().getAnnotations())
        .containsEntry("fes.zalando.org/FES_CPU", "100m")
        .containsEntry("fes.zalando.org/FES_MEMORY", "200Mi");

    // The table that does not exist: no publication, no slot, no resource, and a Warning.
    assertThat(publications()).noneMatch(p -> p.startsWith("fes_foo_test_app2"));
    assertThat(slots()).noneMatch(s -> s.startsWith("fes_foo_test_app2"));
    List<Event> warnings =
        OperatorHarness.events(client, CLUSTER).stream()
            .filter(e -> "EventStreams".equals(e.getReason()) && "Warning".equals(e.getType()))
            .toList();
    assertThat(warnings)
        .anySatisfy(
            e ->
                assertThat(e.getMessage())
                    .contains("fes_foo_test_app2")
                    .contains("table public.test_non_exist_table does not exist"));
    // wal_level came through the day-2 step: the replica restarted, then one switchover; the old
    // primary was never restarted in place (that would have kept it primary on the same timeline).
    OperatorHarness.awaitStatus(client, CLUSTER, "Running", Duration.ofMinutes(2));
    await("a Ready master and a Ready replica")
        .atMost(Duration.ofMinutes(1))
        .until(() -> view.readyRoles().equals(List.of("master", "replica")));
    assertThat(view.masterPod().getMetadata().getName())
        .as("the primary moved by switchover")
        .isNotEqualTo(primaryBefore);
    assertThat(timeline()).as("one switchover: one new timeline").isEqualTo(timelineBefore + 1);
    assertThat(switchoverEvents()).hasSize(1);
    assertThat(OperatorHarness.events(client, CLUSTER))
        .filteredOn(e -> "EventStreams".equals(e.getReason()))
        .noneMatch(e -> e.getMessage().contains("restarted"))
        .anySatisfy(
            e ->
                assertThat(e.getMessage()).contains("waiting for the day-2").contains("wal_level"));
    await("no member waits for a restart")
        .atMost(Duration.ofMinutes(1))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              for (Pod p : view.pods()) {
                assertThat(
                        patroni
                            .patroni(PatroniClient.apiRoot(p.getStatus().getPodIP()))
                            .pendingRestart())
                    .as("%s waits for a restart", p.getMetadata().getName())
                    .isFalse();
              }
            });
    assertThat(timeline()).as("still one new timeline").isEqualTo(timelineBefore + 1);
  }

  @Test
  @Order(3)
  void removingTheStreamsDropsTusksPublicationSlotAndResourceOnly() throws Exception {
    client
        .resources(Postgresql.class)
        .withName(CLUSTER)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"streams\": []}}");

    await("the FabricEventStream deleted")
        .atMost(WITHIN)
        .untilAsserted(() -> assertThat(streamResources()).isEmpty());
    await("publication and slot fes_foo_test_app dropped")
        .atMost(WITHIN)
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(publications()).noneMatch(p -> p.startsWith("fes_foo_test_app:"));
              assertThat(slots()).noneMatch(s -> s.startsWith("fes_foo_test_app "));
            });
    // What someone made by hand stays, in PostgreSQL and in Patroni's configuration.
    assertThat(publications())
        .contains("fes_foo_manual: public.test_table", "mypublication: public.test_table");
    assertThat(slots())
        .contains("fes_foo_manual logical pgoutput foo")
        .anyMatch(s -> s.startsWith("manual_slot physical"));
    String masterIp = view.masterPod().getStatus().getPodIP();
    assertThat(
            PatroniClient.withDefaults()
                .config(PatroniClient.apiRoot(masterIp))
                .path("slots")
                .fieldNames())
        .toIterable()
        .contains("fes_foo_manual", "manual_slot")
        .doesNotContain("fes_foo_test_app");
  }
}
