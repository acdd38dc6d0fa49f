package io.tusk.spec.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.api.acid.v1.Stream;
import io.tusk.api.acid.v1.StreamTable;
import io.tusk.api.zalando.v1.FabricEventStreamSpec;
import io.tusk.api.zalando.v1.FabricEventStreamSpec.Connection;
import io.tusk.api.zalando.v1.FabricEventStreamSpec.DatabaseAuthentication;
import io.tusk.api.zalando.v1.FabricEventStreamSpec.EventStream;
import io.tusk.api.zalando.v1.FabricEventStreamSpec.Flow;
import io.tusk.api.zalando.v1.FabricEventStreamSpec.Recovery;
import io.tusk.api.zalando.v1.FabricEventStreamSpec.Sink;
import io.tusk.api.zalando.v1.FabricEventStreamSpec.Source;
import io.tusk.api.zalando.v1.FabricEventStreamSpec.Table;
import io.tusk.config.Options;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.Fixtures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The resource Zalando's {@code streams_test.go} expects for its {@code acid-stream-cluster}
 * (v2.0.1): the same labels, annotations and event streams, table by table.
 */
class FabricEventStreamsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLUSTER = "acid-stream-cluster";
  private static final String SECRET =
      "fes-user." + CLUSTER + ".credentials.postgresql.acid.zalan.do";
  private static final String URL =
      "jdbc:postgresql://" + CLUSTER + ".default/foo?user=fes_user&ssl=true&sslmode=require";

  static StreamTable table(String eventType) {
    StreamTable t = new StreamTable();
    t.setEventType(eventType);
    return t;
  }

  /** Zalando's test stream: three tables of schema {@code data}, recovery on, batch 100, 250m. */
  static Stream zalandoStream() {
    StreamTable bar = table("stream-type-a");
    bar.setIdColumn("b_id");
    bar.setPayloadColumn("b_payload");
    StreamTable foobar = table("stream-type-b");
    foobar.setRecoveryEventType("stream-type-b-dlq");
    StreamTable foofoobar = table("stream-type-c");
    foofoobar.setIgnoreRecovery(true);
    Map<String, StreamTable> tables = new LinkedHashMap<>();
    tables.put("data.foofoobar", foofoobar);
    tables.put("data.bar", bar);
    tables.put("data.foobar", foobar);
    Stream s = new Stream();
    s.setApplicationId("test-app");
    s.setDatabase("foo");
    s.setTables(tables);
    s.setEnableRecovery(true);
    s.setFilter(Map.of("data.bar", "[?(@.source.txId > 500 && @.source.lsn > 123456)]"));
    s.setBatchSize(100);
    s.setCpu("250m");
    return s;
  }

  static ClusterModel model(Stream... streams) {
    Postgresql pg =
        Fixtures.cluster(
            CLUSTER, "default", spec -> spec.setStreams(new ArrayList<>(List.of(streams))));
    return Fixtures.model(pg);
  }

  static Source source(String table, String id, String filter) {
    return new Source(
        "PostgresLogicalReplication",
        "data",
        new Table(table, id),
        filter,
        new Connection(
            URL,
            "fes_foo_test_app",
            "pgoutput",
            null,
            new DatabaseAuthentication(
                "DatabaseAuthenticationSecret", SECRET, "username", "password")));
  }

  @Test
  void specIsZalandosTableByTable() {
    FabricEventStreamSpec spec = FabricEventStreams.spec(model(zalandoStream()), "test-app");

    Sink sinkA = new Sink("Nakadi", "stream-type-a", 100L);
    assertThat(spec.applicationId()).isEqualTo("test-app");
    assertThat(spec.eventStreams())
        .containsExactly(
            new EventStream(
                new Flow("PostgresWalToGenericNakadiEvent", "b_payload"),
                sinkA,
                source("bar", "b_id", "[?(@.source.txId > 500 && @.source.lsn > 123456)]"),
                new Recovery(
                    "DeadLetter", new Sink("Nakadi", "stream-type-a-dead-letter-queue", 100L))),
            new EventStream(
                new Flow("PostgresWalToGenericNakadiEvent", null),
                new Sink("Nakadi", "stream-type-b", 100L),
                source("foobar", null, null),
                new Recovery("DeadLetter", new Sink("Nakadi", "stream-type-b-dlq", 100L))),
            new EventStream(
                new Flow("PostgresWalToGenericNakadiEvent", null),
                new Sink("Nakadi", "stream-type-c", 100L),
                source("foofoobar", null, null),
                new Recovery("Ignore", null)));
  }

  @Test
  void resourceHasZalandosNameLabelsAnnotationsAndOwner() {
    ClusterModel model = model(zalandoStream());
    GenericKubernetesResource fes = FabricEventStreams.build(model, "test-app", CLUSTER + "-12345");

    assertThat(fes.getApiVersion()).isEqualTo("zalando.org/v1");
    assertThat(fes.getKind()).isEqualTo("FabricEventStream");
    assertThat(fes.getMetadata().getName()).isEqualTo("acid-stream-cluster-12345");
    assertThat(fes.getMetadata().getNamespace()).isEqualTo("default");
    assertThat(fes.getMetadata().getLabels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("application", "spilo", "cluster-name", CLUSTER, "team", "acid"));
    assertThat(fes.getMetadata().getAnnotations())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("fes.zalando.org/FES_CPU", "250m", "tusk.io/application-id", "test-app"));
    assertThat(fes.getMetadata().getOwnerReferences()).isEmpty();

    ClusterModel owned =
        model.withConfig(model.config().withOverride(Options.ENABLE_OWNER_REFERENCES, true));
    List<OwnerReference> refs =
        FabricEventStreams.build(owned, "test-app", "x").getMetadata().getOwnerReferences();
    assertThat(refs)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getKind()).isEqualTo("postgresql");
              assertThat(r.getName()).isEqualTo(CLUSTER);
              assertThat(r.getUid()).isEqualTo(Fixtures.UID);
              assertThat(r.getController()).isTrue();
            });
  }

  @Test
  void jsonHasZalandosFieldNamesAndANullSinkWithoutDeadLetters() {
    GenericKubernetesResource fes =
        FabricEventStreams.build(model(zalandoStream()), "test-app", "n");
    JsonNode spec = JSON.valueToTree(fes.getAdditionalProperties().get("spec"));
    JsonNode ignore = spec.get("eventStreams").get(2);

    assertThat(ignore.get("recovery").has("sink")).isTrue();
    assertThat(ignore.get("recovery").get("sink").isNull()).isTrue();
    assertThat(ignore.get("source").get("jdbcConnection").has("publicationName")).isFalse();
    assertThat(ignore.get("source").get("table").has("idColumn")).isFalse();
    assertThat(ignore.get("flow").has("payloadColumn")).isFalse();
    assertThat(spec.get("eventStreams").get(0).get("source").get("jdbcConnection").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("jdbcUrl", "slotName", "pluginType", "databaseAuthentication");
    assertThat(spec.get("eventStreams").get(0).get("sink").get("maxBatchSize").asLong())
        .isEqualTo(100);
  }

  @Test
  void recoveryFollowsZalandosRule() {
    Stream s = new Stream();
    s.setApplicationId("a");
    s.setDatabase("d");
    StreamTable plain = table("e");
    StreamTable withType = table("e");
    withType.setRecoveryEventType("e-dlq");

    // Recovery not set: dead letters only when the table names a recovery event type.
    assertThat(FabricEventStreams.recovery(s, plain)).isEqualTo(new Recovery("None", null));
    assertThat(FabricEventStreams.recovery(s, withType))
        .isEqualTo(new Recovery("DeadLetter", new Sink("Nakadi", "e-dlq", null)));
    // Switched off: never.
    s.setEnableRecovery(false);
    assertThat(FabricEventStreams.recovery(s, withType)).isEqualTo(new Recovery("None", null));
    // Switched on: a default event type.
    s.setEnableRecovery(true);
    assertThat(FabricEventStreams.recovery(s, plain))
        .isEqualTo(new Recovery("DeadLetter", new Sink("Nakadi", "e-dead-letter-queue", null)));
    StreamTable ignoring = table("e");
    ignoring.setIgnoreRecovery(true);
    assertThat(FabricEventStreams.recovery(s, ignoring)).isEqualTo(new Recovery("Ignore", null));
  }

  @Test
  void resourceAnnotationsTakeTheLargestValueOfTheApplicationsStreams() {
    Stream a = zalandoStream();
    a.setMemory("100Mi");
    Stream b = zalandoStream();
    b.setDatabase("bar");
    b.setCpu("1");
    b.setMemory("50Mi");
    Stream other = zalandoStream();
    other.setApplicationId("other");
    other.setCpu("4");

    Map<String, String> annotations =
        FabricEventStreams.annotations(model(a, b, other), "test-app");

    assertThat(annotations)
        .containsEntry("fes.zalando.org/FES_CPU", "1")
        .containsEntry("fes.zalando.org/FES_MEMORY", "100Mi");
  }

  @Test
  void inheritedAndDownscalerAnnotationsArePropagated() {
    Postgresql pg =
        Fixtures.cluster(CLUSTER, "default", spec -> spec.setStreams(List.of(zalandoStream())));
    pg.getMetadata()
        .setAnnotations(Map.of("owner", "team-a", "downscaler/downtime", "x", "private", "y"));
    ClusterModel model =
        Fixtures.model(
            pg,
            Fixtures.config()
                .withOverride(Options.INHERITED_ANNOTATIONS, List.of("owner"))
                .withOverride(Options.DOWNSCALER_ANNOTATIONS, List.of("downscaler/.*")));

    assertThat(FabricEventStreams.annotations(model, "test-app"))
        .containsEntry("owner", "team-a")
        .containsEntry("downscaler/downtime", "x")
        .doesNotContainKey("private");
  }

  @Test
  void oneResourcePerApplicationInManifestOrder() {
    Stream first = zalandoStream();
    first.setApplicationId("b-app");
    Stream second = zalandoStream();
    Stream third = zalandoStream();
    third.setApplicationId("b-app");
    third.setDatabase("bar");
    PostgresSpec spec = model(first, second, third).spec();

    assertThat(FabricEventStreams.applicationIds(spec)).containsExactly("b-app", "test-app");
    assertThat(FabricEventStreams.spec(model(first, second, third), "b-app").eventStreams())
        .hasSize(6);
  }

  @Test
  void differenceIgnoresOrderAndWhatOthersAdded() {
    ClusterModel model = model(zalandoStream());
    GenericKubernetesResource desired = FabricEventStreams.build(model, "test-app", "n");
    GenericKubernetesResource stored = FabricEventStreams.build(model, "test-app", "n");
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) stored.getAdditionalProperties().get("spec");
    List<Object> reversed = new ArrayList<>((List<?>) spec.get("eventStreams"));
    java.util.Collections.reverse(reversed);
    spec.put("eventStreams", reversed);
    Map<String, String> annotations = new LinkedHashMap<>(stored.getMetadata().getAnnotations());
    annotations.put("fes.zalando.org/consumer-note", "kept");
    stored.getMetadata().setAnnotations(annotations);

    assertThat(FabricEventStreams.difference(stored, desired)).isEmpty();

    Stream changed = zalandoStream();
    changed.setBatchSize(200);
    GenericKubernetesResource newer = FabricEventStreams.build(model(changed), "test-app", "n");
    assertThat(FabricEventStreams.difference(stored, newer)).contains("event streams differ");

    stored.getMetadata().setLabels(Map.of("application", "spilo"));
    assertThat(FabricEventStreams.difference(stored, desired)).contains("labels differ");
  }

  @Test
  void aStoredResourceWithoutSpecIsComparedOnItsMetadataAndStillTellsItsApplication() {
    ClusterModel model = model(zalandoStream());
    GenericKubernetesResource desired = FabricEventStreams.build(model, "test-app", "n");
    GenericKubernetesResource pruned = FabricEventStreams.build(model, "test-app", "n");
    pruned.getAdditionalProperties().remove("spec");

    assertThat(FabricEventStreams.difference(pruned, desired)).isEmpty();
    assertThat(FabricEventStreams.applicationId(pruned)).contains("test-app");
    assertThat(FabricEventStreams.applicationId(desired)).contains("test-app");
  }
}
