package io.tusk.spec.streams;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.Stream;
import io.tusk.api.acid.v1.StreamTable;
import io.tusk.api.zalando.v1.EventStreamCrd;
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
import io.tusk.spec.OwnerReferences;
import io.tusk.spec.labels.Annotations;
import io.tusk.spec.labels.Labels;
import io.tusk.spec.naming.ClusterNames;
import io.tusk.spec.pod.Quantities;
import io.tusk.spec.roles.ClusterRoles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code FabricEventStream} resources of a cluster: one per application id of {@code
 * spec.streams}, with one event stream per table. Mirrors {@code
 * streams.go#generateFabricEventStream}, {@code #getEventStreamSource}, {@code
 * #getEventStreamFlow}, {@code #getEventStreamSink}, {@code #getEventStreamRecovery}, {@code
 * #getStreamConnection} and {@code #compareStreams} (v2.0.1):
 *
 * <ul>
 *   <li>name {@code {cluster}-{5 random characters}} (the caller passes the name: an existing
 *       resource keeps its own);
 *   <li>the cluster's labels with {@code team} and inherited labels; the inherited and the
 *       downscaler annotations of the manifest, plus {@code fes.zalando.org/FES_CPU} and {@code
 *       FES_MEMORY} with the largest {@code cpu} and {@code memory} of the application's streams;
 *       the owner reference to the manifest with {@code enable_owner_references};
 *   <li>per table: source {@code PostgresLogicalReplication} (schema, table, id column, filter, a
 *       JDBC connection to the master Service as {@code fes_user} with its Secret and the slot
 *       {@code fes_{database}_{applicationId}}), flow {@code PostgresWalToGenericNakadiEvent} with
 *       the payload column, sink {@code Nakadi} with the event type and {@code batchSize}, and
 *       recovery {@code None}, {@code Ignore} or {@code DeadLetter} by Zalando's rule.
 * </ul>
 *
 * <p>Differences: the event streams are ordered by table name (Zalando iterates a Go map, so its
 * order is random; both compare them as a set), and Tusk adds the annotation {@value
 * #APPLICATION_ID_ANNOTATION}: the schemaless CRD Zalando ships keeps no {@code spec}, so without
 * it a stored resource would not tell which application it belongs to.
 */
public final class FabricEventStreams {

  public static final String SOURCE_TYPE = "PostgresLogicalReplication";
  public static final String FLOW_TYPE = "PostgresWalToGenericNakadiEvent";
  public static final String SINK_TYPE = "Nakadi";
  public static final String RECOVERY_DEAD_LETTER = "DeadLetter";
  public static final String RECOVERY_IGNORE = "Ignore";
  public static final String RECOVERY_NONE = "None";
  public static final String DEAD_LETTER_SUFFIX = "dead-letter-queue";
  public static final String AUTH_TYPE = "DatabaseAuthenticationSecret";
  public static final String CPU_ANNOTATION = "fes.zalando.org/FES_CPU";
  public static final String MEMORY_ANNOTATION = "fes.zalando.org/FES_MEMORY";

  /**
   * Which application a resource belongs to, readable even when the CRD keeps no spec. Tusk only.
   */
  public static final String APPLICATION_ID_ANNOTATION = "tusk.io/application-id";

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private FabricEventStreams() {}

  /** The distinct application ids, in the order of {@code spec.streams}. */
  public static List<String> applicationIds(PostgresSpec spec) {
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    if (spec != null && spec.getStreams() != null) {
      for (Stream s : spec.getStreams()) {
        if (s != null && s.getApplicationId() != null) {
          ids.add(s.getApplicationId());
        }
      }
    }
    return List.copyOf(ids);
  }

  /** {@code {cluster}-{suffix}}; Zalando's suffix is 5 random lower-case letters and digits. */
  public static String name(String cluster, String suffix) {
    return cluster + "-" + suffix;
  }

  /** The resource of one application, named {@code name}. */
  public static GenericKubernetesResource build(
      ClusterModel model, String applicationId, String name) {
    GenericKubernetesResource fes = new GenericKubernetesResource();
    fes.setApiVersion(EventStreamCrd.API_VERSION);
    fes.setKind(EventStreamCrd.KIND);
    fes.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(model.namespace())
            .withLabels(Labels.of(model).withExtra())
            .withAnnotations(annotations(model, applicationId))
            .withOwnerReferences(OwnerReferences.forChild(model))
            .build());
    fes.setAdditionalProperty("spec", toMap(spec(model, applicationId)));
    return fes;
  }

  /** The {@code spec} of one application's resource. */
  public static FabricEventStreamSpec spec(ClusterModel model, String applicationId) {
    List<EventStream> streams = new ArrayList<>();
    for (Stream stream :
        model.spec().getStreams() == null ? List.<Stream>of() : model.spec().getStreams()) {
      if (stream == null || !applicationId.equals(stream.getApplicationId())) {
        continue;
      }
      Map<String, StreamTable> tables =
          stream.getTables() == null ? Map.of() : new TreeMap<>(stream.getTables());
      for (Map.Entry<String, StreamTable> t : tables.entrySet()) {
        StreamTable table = t.getValue() == null ? new StreamTable() : t.getValue();
        streams.add(
            new EventStream(
                new Flow(FLOW_TYPE, table.getPayloadColumn()),
                sink(stream, table.getEventType()),
                source(model, stream, t.getKey(), table.getIdColumn()),
                recovery(stream, table)));
      }
    }
    return new FabricEventStreamSpec(applicationId, streams);
  }

  private static Source source(ClusterModel model, Stream stream, String tableName, String id) {
    String[] schemaAndTable = StreamSlots.schemaAndTable(tableName);
    String filter = stream.getFilter() == null ? null : stream.getFilter().get(tableName);
    String user = ClusterRoles.STREAM_USER;
    return new Source(
        SOURCE_TYPE,
        schemaAndTable[0],
        new Table(schemaAndTable[1], id),
        filter,
        new Connection(
            "jdbc:postgresql://"
                + model.name()
                + "."
                + model.namespace()
                + "/"
                + stream.getDatabase()
                + "?user="
                + user
                + "&ssl=true&sslmode=require",
            StreamSlots.slotName(stream.getDatabase(), stream.getApplicationId()),
            StreamSlots.PLUGIN,
            null,
            new DatabaseAuthentication(
                AUTH_TYPE, ClusterNames.of(model).credentialSecret(user), "username", "password")));
  }

  private static Sink sink(Stream stream, String eventType) {
    return new Sink(SINK_TYPE, emptyToNull(eventType), batchSize(stream));
  }

  private static Long batchSize(Stream stream) {
    return stream.getBatchSize() == null ? null : stream.getBatchSize().longValue();
  }

  /**
   * {@code streams.go#getEventStreamRecovery}: {@code None} when recovery is switched off, or not
   * switched on and the table names no recovery event type; {@code Ignore} when the table ignores
   * recovery; otherwise a dead-letter sink, whose event type defaults to {@code
   * {eventType}-dead-letter-queue} when recovery is switched on.
   */
  static Recovery recovery(Stream stream, StreamTable table) {
    Boolean enabled = stream.getEnableRecovery();
    String recoveryType = table.getRecoveryEventType() == null ? "" : table.getRecoveryEventType();
    if (Boolean.FALSE.equals(enabled) || (enabled == null && recoveryType.isEmpty())) {
      return new Recovery(RECOVERY_NONE, null);
    }
    if (Boolean.TRUE.equals(table.getIgnoreRecovery())) {
      return new Recovery(RECOVERY_IGNORE, null);
    }
    if (Boolean.TRUE.equals(enabled) && recoveryType.isEmpty()) {
      recoveryType =
          (table.getEventType() == null ? "" : table.getEventType()) + "-" + DEAD_LETTER_SUFFIX;
    }
    return new Recovery(
        RECOVERY_DEAD_LETTER, new Sink(SINK_TYPE, emptyToNull(recoveryType), batchSize(stream)));
  }

  /**
   * The annotations: {@code FES_CPU} and {@code FES_MEMORY} (the largest value among the
   * application's streams; {@code streams.go#setResourceAnnotation}), the inherited annotations and
   * those matching {@code downscaler_annotations} ({@code annotationsSet}, {@code
   * AnnotationsToPropagate}), and Tusk's {@value #APPLICATION_ID_ANNOTATION}.
   */
  static Map<String, String> annotations(ClusterModel model, String applicationId) {
    Map<String, String> resources = new TreeMap<>();
    for (Stream s :
        model.spec().getStreams() == null ? List.<Stream>of() : model.spec().getStreams()) {
      if (s != null && applicationId.equals(s.getApplicationId())) {
        larger(resources, CPU_ANNOTATION, s.getCpu());
        larger(resources, MEMORY_ANNOTATION, s.getMemory());
      }
    }
    Map<String, String> result = Annotations.of(model).inherited(resources);
    for (String expression : model.config().get(Options.DOWNSCALER_ANNOTATIONS)) {
      Pattern pattern = Pattern.compile(expression);
      model
          .annotations()
          .forEach(
              (k, v) -> {
                if (pattern.matcher(k).find()) {
                  result.put(k, v);
                }
              });
    }
    result.put(APPLICATION_ID_ANNOTATION, applicationId);
    return result;
  }

  private static void larger(Map<String, String> annotations, String key, String value) {
    if (value == null) {
      return;
    }
    String current = annotations.get(key);
    if (current == null) {
      annotations.put(key, value);
      return;
    }
    try {
      Quantity a = Quantities.parse(current);
      Quantity b = Quantities.parse(value);
      if (Quantities.compare(a, b) < 0) {
        annotations.put(key, value);
      }
    } catch (IllegalArgumentException e) {
      // Zalando logs a warning and keeps the value it has.
    }
  }

  /**
   * The application a stored resource belongs to: its {@code spec.applicationId}, else Tusk's
   * annotation.
   */
  public static Optional<String> applicationId(GenericKubernetesResource stored) {
    Optional<FabricEventStreamSpec> spec = storedSpec(stored);
    if (spec.isPresent()
        && spec.get().applicationId() != null
        && !spec.get().applicationId().isEmpty()) {
      return Optional.of(spec.get().applicationId());
    }
    Map<String, String> a =
        stored.getMetadata() == null ? null : stored.getMetadata().getAnnotations();
    return Optional.ofNullable(a == null ? null : a.get(APPLICATION_ID_ANNOTATION));
  }

  /** The {@code spec} of a stored resource, when the API server kept one. */
  public static Optional<FabricEventStreamSpec> storedSpec(GenericKubernetesResource stored) {
    Object spec = stored.getAdditionalProperties().get("spec");
    if (!(spec instanceof Map<?, ?>)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.convertValue(spec, FabricEventStreamSpec.class));
    } catch (IllegalArgumentException e) {
      return Optional.of(new FabricEventStreamSpec(null, List.of()));
    }
  }

  /**
   * Why a stored resource must be updated to the desired one, or empty when it carries everything
   * Tusk wants ({@code streams.go#compareStreams}): every desired label, annotation and owner
   * reference (others, e.g. annotations the stream consumer adds, may be there too), and the same
   * event streams in any order. A stored resource without a {@code spec} (the CRD does not keep
   * one) is compared on its metadata only.
   */
  public static Optional<String> difference(
      GenericKubernetesResource stored, GenericKubernetesResource desired) {
    List<String> reasons = new ArrayList<>();
    ObjectMeta have = stored.getMetadata() == null ? new ObjectMeta() : stored.getMetadata();
    ObjectMeta want = desired.getMetadata();
    if (!containsAll(have.getLabels(), want.getLabels())) {
      reasons.add("labels differ");
    }
    if (!containsAll(have.getAnnotations(), want.getAnnotations())) {
      reasons.add("annotations differ");
    }
    if (!ownerReferencesPresent(have.getOwnerReferences(), want.getOwnerReferences())) {
      reasons.add("owner references differ");
    }
    Optional<FabricEventStreamSpec> haveSpec = storedSpec(stored);
    FabricEventStreamSpec wantSpec =
        JSON.convertValue(
            desired.getAdditionalProperties().get("spec"), FabricEventStreamSpec.class);
    if (haveSpec.isPresent()) {
      if (!Objects.equals(haveSpec.get().applicationId(), wantSpec.applicationId())) {
        reasons.add("application id differs");
      } else if (!sameStreams(haveSpec.get().eventStreams(), wantSpec.eventStreams())) {
        reasons.add("event streams differ");
      }
    }
    return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", reasons));
  }

  /** Same event streams, as a multiset ({@code streams.go#sameEventStreams}). */
  static boolean sameStreams(List<EventStream> have, List<EventStream> want) {
    if (have.size() != want.size()) {
      return false;
    }
    Map<EventStream, Integer> count = new HashMap<>();
    have.forEach(s -> count.merge(s, 1, Integer::sum));
    for (EventStream s : want) {
      Integer n = count.get(s);
      if (n == null || n == 0) {
        return false;
      }
      count.put(s, n - 1);
    }
    return true;
  }

  private static boolean containsAll(Map<String, String> have, Map<String, String> want) {
    if (want == null || want.isEmpty()) {
      return true;
    }
    Map<String, String> h = have == null ? Map.of() : have;
    return want.entrySet().stream().allMatch(e -> Objects.equals(h.get(e.getKey()), e.getValue()));
  }

  private static boolean ownerReferencesPresent(
      List<OwnerReference> have, List<OwnerReference> want) {
    if (want == null || want.isEmpty()) {
      return true;
    }
    List<OwnerReference> h = have == null ? List.of() : have;
    return want.stream()
        .allMatch(
            w ->
                h.stream()
                    .anyMatch(
                        x ->
                            Objects.equals(x.getUid(), w.getUid())
                                && Objects.equals(x.getKind(), w.getKind())
                                && Objects.equals(x.getName(), w.getName())
                                && Objects.equals(x.getController(), w.getController())));
  }

  private static Map<String, Object> toMap(FabricEventStreamSpec spec) {
    return JSON.convertValue(spec, new TypeReference<Map<String, Object>>() {});
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
