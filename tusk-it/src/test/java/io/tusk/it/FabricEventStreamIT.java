package io.tusk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.api.acid.v1.PostgresqlParam;
import io.tusk.api.acid.v1.Stream;
import io.tusk.api.acid.v1.StreamTable;
import io.tusk.api.acid.v1.Volume;
import io.tusk.api.zalando.v1.EventStreamCrd;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.config.Source;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import io.tusk.operator.streams.FabricEventStreamSync;
import io.tusk.operator.sync.ClusterDeletion;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.streams.FabricEventStreams;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The {@code FabricEventStream} resources of a cluster on the real API server, with the CRD Zalando
 * ships ({@code manifests/fes.crd.yaml}), written by the operator's service account of {@code
 * deploy/rbac.yaml}: nothing while the CRD is missing, then created with Zalando's name, labels and
 * annotations, left alone when nothing changed, updated in place, deleted when their application
 * leaves the manifest, and deleted with the cluster.
 */
@LocalKubernetes
@TestMethodOrder(OrderAnnotation.class)
class FabricEventStreamIT {
  private static final String NAME = "acid-stream-cluster";

  @InjectClient static KubernetesClient client;
  @InjectCluster static LocalCluster cluster;
  static OperatorHarness harness;
  static FabricEventStreamSync streams;
  static Postgresql pg;
  static OperatorConfig config;

  @BeforeAll
  static void setUp() {
    harness = new OperatorHarness(cluster, Map.of());
    Iterator<String> suffixes = List.of("aaaaa", "bbbbb", "ccccc", "ddddd").iterator();
    Supplier<String> next = suffixes::next;
    // The operator's own client: every call below is one deploy/rbac.yaml must allow.
    streams = new FabricEventStreamSync(harness.operatorClient(), next);
    config =
        OperatorConfig.defaults(Source.CONFIGMAP)
            .withOverride(Options.ENABLE_OWNER_REFERENCES, true)
            .withOverride(Options.INHERITED_LABELS, List.of("environment"));
    pg = new Postgresql();
    pg.getMetadata().setName(NAME);
    pg.getMetadata().setLabels(Map.of("environment", "test"));
    PostgresSpec spec = new PostgresSpec();
    spec.setTeamId("acid");
    spec.setNumberOfInstances(1);
    PostgresqlParam param = new PostgresqlParam();
    param.setVersion("17");
    spec.setPostgresql(param);
    Volume volume = new Volume();
    volume.setSize("1Gi");
    spec.setVolume(volume);
    spec.setStreams(List.of(stream("test-app", "foo", "100m"), stream("other-app", "foo", null)));
    pg.setSpec(spec);
    pg = client.resource(pg).create();
  }

  @AfterAll
  static void tearDown() {
    client.apiextensions().v1().customResourceDefinitions().withName(EventStreamCrd.NAME).delete();
    harness.close();
  }

  static Stream stream(String app, String db, String cpu) {
    StreamTable t = new StreamTable();
    t.setEventType(app + "-event");
    t.setIdColumn("id");
    Stream s = new Stream();
    s.setApplicationId(app);
    s.setDatabase(db);
    s.setTables(Map.of("test_table", t));
    s.setCpu(cpu);
    return s;
  }

  static ClusterModel model() {
    return ClusterModel.of(client.resources(Postgresql.class).withName(NAME).get(), config);
  }

  static List<GenericKubernetesResource> stored() {
    return streams.list(model()).orElseThrow();
  }

  static Optional<GenericKubernetesResource> of(String app) {
    return stored().stream()
        .filter(r -> FabricEventStreams.applicationId(r).equals(Optional.of(app)))
        .findFirst();
  }

  static FabricEventStreamSync.Report sync(Set<String> ready) {
    ClusterModel model = model();
    return streams.sync(
        model,
        streams.list(model).orElseThrow(),
        FabricEventStreams.applicationIds(model.spec()),
        ready);
  }

  @Test
  @Order(1)
  void withoutTheCrdThereIsNothingToDo() {
    assertThat(streams.list(model())).isEmpty();
  }

  @Test
  @Order(2)
  void createsOneResourcePerReadyApplicationWithZalandosMetadata() throws Exception {
    Path crdFile =
        Path.of(
            System.getProperty("tusk.reference.dir"),
            "zalando-v2.0.1",
            "manifests",
            "fes.crd.yaml");
    try (InputStream in = Files.newInputStream(crdFile)) {
      CustomResourceDefinition crd =
          client.apiextensions().v1().customResourceDefinitions().load(in).item();
      client.resource(crd).serverSideApply();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> streams.list(model()).isPresent());

    // other-app is not ready (its slot waits): only test-app gets its resource.
    FabricEventStreamSync.Report report = sync(Set.of("test-app"));

    assertThat(report.created()).containsExactly(NAME + "-aaaaa (application test-app)");
    GenericKubernetesResource fes = of("test-app").orElseThrow();
    assertThat(fes.getMetadata().getName()).isEqualTo(NAME + "-aaaaa");
    assertThat(fes.getMetadata().getLabels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "application", "spilo",
                "cluster-name", NAME,
                "team", "acid",
                "environment", "test"));
    assertThat(fes.getMetadata().getAnnotations())
        .containsEntry("fes.zalando.org/FES_CPU", "100m")
        .containsEntry(FabricEventStreams.APPLICATION_ID_ANNOTATION, "test-app");
    assertThat(fes.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getKind()).isEqualTo("postgresql");
              assertThat(r.getUid()).isEqualTo(pg.getMetadata().getUid());
            });
    assertThat(of("other-app")).isEmpty();
    // Zalando's CRD has a schema without fields: the API server keeps no spec.
    assertThat(fes.getAdditionalProperties()).doesNotContainKey("spec");
  }

  @Test
  @Order(3)
  void aSecondSyncChangesNothingAndCreatesNoDuplicate() {
    FabricEventStreamSync.Report report = sync(Set.of("test-app"));

    assertThat(report.changed()).isFalse();
    assertThat(stored()).hasSize(1);
  }

  @Test
  @Order(4)
  void withACrdThatKeepsTheSpecTheContentIsStoredAndUpdatedInPlace() {
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(EventStreamCrd.NAME)
        .patch(
            PatchContext.of(PatchType.JSON),
            "[{\"op\":\"add\",\"path\":\"/spec/versions/0/schema/openAPIV3Schema/"
                + "x-kubernetes-preserve-unknown-fields\",\"value\":true}]");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              // The stored resource lacks the spec: the next sync writes it, reporting no change.
              assertThat(sync(Set.of("test-app")).changed()).isFalse();
              assertThat(of("test-app").orElseThrow().getAdditionalProperties())
                  .containsKey("spec");
            });
    assertThat(sync(Set.of("test-app")).changed()).isFalse();

    // Someone else annotates the resource; the manifest's batch size and cpu change.
    client
        .genericKubernetesResources(EventStreamCrd.API_VERSION, EventStreamCrd.KIND)
        .withName(NAME + "-aaaaa")
        .edit(
            r -> {
              r.getMetadata().getAnnotations().put("fes.zalando.org/consumer", "kept");
              return r;
            });
    Postgresql current = client.resources(Postgresql.class).withName(NAME).get();
    Stream changed = stream("test-app", "foo", "200m");
    changed.setBatchSize(50);
    current.getSpec().setStreams(List.of(changed, stream("other-app", "foo", null)));
    client.resource(current).update();

    FabricEventStreamSync.Report report = sync(Set.of("test-app"));

    assertThat(report.updated()).singleElement().asString().startsWith(NAME + "-aaaaa (");
    GenericKubernetesResource fes = of("test-app").orElseThrow();
    assertThat(fes.getMetadata().getName()).isEqualTo(NAME + "-aaaaa");
    assertThat(fes.getMetadata().getAnnotations())
        .containsEntry("fes.zalando.org/FES_CPU", "200m")
        .containsEntry("fes.zalando.org/consumer", "kept");
    assertThat(FabricEventStreams.storedSpec(fes).orElseThrow().eventStreams())
        .singleElement()
        .satisfies(s -> assertThat(s.sink().maxBatchSize()).isEqualTo(50L));
    assertThat(sync(Set.of("test-app")).changed()).isFalse();

    // Without cpu, the annotation Tusk wrote goes; the one someone else wrote stays.
    current = client.resources(Postgresql.class).withName(NAME).get();
    Stream withoutCpu = stream("test-app", "foo", null);
    withoutCpu.setBatchSize(50);
    current.getSpec().setStreams(List.of(withoutCpu, stream("other-app", "foo", null)));
    client.resource(current).update();

    assertThat(sync(Set.of("test-app")).updated())
        .singleElement()
        .asString()
        .contains("annotations fes.zalando.org/FES_CPU removed");
    assertThat(of("test-app").orElseThrow().getMetadata().getAnnotations())
        .doesNotContainKey("fes.zalando.org/FES_CPU")
        .containsEntry("fes.zalando.org/consumer", "kept")
        .containsEntry(FabricEventStreams.APPLICATION_ID_ANNOTATION, "test-app");
  }

  @Test
  @Order(5)
  void anApplicationThatLeavesTheManifestLosesItsResource() {
    assertThat(sync(Set.of("test-app", "other-app")).created())
        .containsExactly(NAME + "-bbbbb (application other-app)");
    Postgresql current = client.resources(Postgresql.class).withName(NAME).get();
    current.getSpec().setStreams(new ArrayList<>(List.of(stream("other-app", "foo", null))));
    client.resource(current).update();

    FabricEventStreamSync.Report report = sync(Set.of("other-app"));

    assertThat(report.deleted()).containsExactly(NAME + "-aaaaa (application test-app)");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(stored())
                    .extracting(r -> r.getMetadata().getName())
                    .containsExactly(NAME + "-bbbbb"));
  }

  @Test
  @Order(6)
  void theClusterDeletionDeletesTheResources() {
    List<String> errors =
        new ClusterDeletion(harness.operatorClient())
            .delete(client.resources(Postgresql.class).withName(NAME).get(), config);

    assertThat(errors).isEmpty();
    await().atMost(Duration.ofSeconds(10)).until(() -> stored().isEmpty());
  }
}
