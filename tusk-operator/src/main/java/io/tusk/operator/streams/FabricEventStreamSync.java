package io.tusk.operator.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.api.zalando.v1.EventStreamCrd;
import io.tusk.operator.sync.ObjectApplier;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.labels.Labels;
import io.tusk.spec.streams.FabricEventStreams;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code FabricEventStream} resources of a cluster on the API server: created for each
 * application whose slots are ready, updated when they differ from what {@link FabricEventStreams}
 * builds, deleted when their application left the manifest. Mirrors {@code streams.go#syncStream},
 * {@code #createStreams}, {@code #updateStreams}, {@code #cleanupRemovedStreams} and {@code
 * #deleteStreams} (v2.0.1).
 *
 * <p>A cluster's resources are those with its labels ({@code cluster_labels} and {@code
 * cluster-name}), as Zalando lists them; each belongs to the application of its {@code
 * spec.applicationId} (or, when the CRD keeps no spec, Tusk's annotation). A new one is named
 * {@code {cluster}-{5 random characters}} and created; a stored one keeps its name and gets a JSON
 * merge patch, as Zalando updates it: server-side apply is refused for a CRD whose schema declares
 * no fields, like the one Zalando ships. The patch sets what Tusk wants and removes only the labels
 * and annotations that Tusk's field manager wrote and no longer wants (and Tusk's own owner
 * reference when owner references are off); what others add (the stream consumer's annotations)
 * stays. When the CRD {@value EventStreamCrd#NAME} is not installed, nothing is done, as in
 * Zalando.
 */
public final class FabricEventStreamSync {
  private static final Logger LOG = LoggerFactory.getLogger(FabricEventStreamSync.class);

  static final ResourceDefinitionContext CONTEXT =
      new ResourceDefinitionContext.Builder()
          .withGroup(EventStreamCrd.GROUP)
          .withVersion(EventStreamCrd.VERSION)
          .withKind(EventStreamCrd.KIND)
          .withPlural(EventStreamCrd.PLURAL)
          .withNamespaced(true)
          .build();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LABELS = "labels";
  private static final String ANNOTATIONS = "annotations";
  private static final String SUFFIX_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789";

  /** What one sync did, in words for Events; empty lists when nothing changed. */
  public record Report(List<String> created, List<String> updated, List<String> deleted) {
    public boolean changed() {
      return !created.isEmpty() || !updated.isEmpty() || !deleted.isEmpty();
    }
  }

  private final KubernetesClient client;
  private final Supplier<String> suffixes;

  public FabricEventStreamSync(KubernetesClient client) {
    this(client, randomSuffixes());
  }

  /**
   * @param suffixes name suffixes for new resources (tests pass predictable ones)
   */
  public FabricEventStreamSync(KubernetesClient client, Supplier<String> suffixes) {
    this.client = client;
    this.suffixes = suffixes;
  }

  /**
   * The cluster's resources, or empty when the CRD is not installed.
   *
   * @throws KubernetesClientException on any other failure
   */
  public Optional<List<GenericKubernetesResource>> list(ClusterModel model) {
    try {
      return Optional.of(
          client
              .genericKubernetesResources(CONTEXT)
              .inNamespace(model.namespace())
              .withLabels(Labels.of(model).base())
              .list()
              .getItems());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Brings the cluster's resources to the manifest: one per application of {@code
   * readyApplications} (created or updated), none for applications the manifest no longer names.
   * Resources of applications that are named but not ready are left as they are.
   *
   * @param existing the cluster's resources as {@link #list} returned them
   * @param wanted every application id of the manifest
   */
  public Report sync(
      ClusterModel model,
      List<GenericKubernetesResource> existing,
      List<String> wanted,
      Set<String> readyApplications) {
    Map<String, List<GenericKubernetesResource>> byApplication = new LinkedHashMap<>();
    for (GenericKubernetesResource r : sorted(existing)) {
      FabricEventStreams.applicationId(r)
          .ifPresent(id -> byApplication.computeIfAbsent(id, k -> new ArrayList<>()).add(r));
    }
    List<String> created = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    for (String app : wanted) {
      List<GenericKubernetesResource> mine = byApplication.getOrDefault(app, List.of());
      // Duplicates of an application (Zalando creates a new one whenever it cannot read the
      // application id back): the oldest stays.
      for (GenericKubernetesResource extra : mine.stream().skip(1).toList()) {
        delete(extra);
        deleted.add(extra.getMetadata().getName());
      }
      if (!readyApplications.contains(app)) {
        continue;
      }
      if (mine.isEmpty()) {
        String name = newName(model);
        create(FabricEventStreams.build(model, app, name));
        created.add(name + " (application " + app + ")");
        continue;
      }
      GenericKubernetesResource stored = mine.get(0);
      GenericKubernetesResource desired =
          FabricEventStreams.build(model, app, stored.getMetadata().getName());
      List<String> reasons = new ArrayList<>();
      FabricEventStreams.difference(stored, desired).ifPresent(reasons::add);
      Map<String, List<String>> removals = noLongerWanted(stored, desired);
      removals.forEach(
          (field, keys) -> reasons.add(field + " " + String.join(", ", keys) + " removed"));
      if (!reasons.isEmpty()) {
        update(stored, desired, removals);
        updated.add(stored.getMetadata().getName() + " (" + String.join(", ", reasons) + ")");
      } else if (FabricEventStreams.storedSpec(stored).isEmpty()) {
        // The CRD kept no spec (Zalando's schemaless one): sent again, quietly (a no-op for the
        // API server while it prunes it), so the content arrives once a CRD that keeps it is in.
        update(stored, desired, Map.of());
      }
    }
    for (Map.Entry<String, List<GenericKubernetesResource>> e : byApplication.entrySet()) {
      if (!wanted.contains(e.getKey())) {
        for (GenericKubernetesResource r : e.getValue()) {
          delete(r);
          deleted.add(r.getMetadata().getName() + " (application " + e.getKey() + ")");
        }
      }
    }
    return new Report(created, updated, deleted);
  }

  /**
   * Deletes every resource of the cluster (the cluster is being deleted; {@code cluster.go#Delete}
   * does this first). Nothing to do when the CRD is not installed.
   */
  public void deleteAll(String namespace, Map<String, String> clusterLabels) {
    try {
      client
          .genericKubernetesResources(CONTEXT)
          .inNamespace(namespace)
          .withLabels(clusterLabels)
          .delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  /**
   * Creates a resource under Tusk's field manager, so that the labels and annotations it carries
   * count as Tusk's when they are no longer wanted (fabric8's create sends no field manager).
   */
  private void create(GenericKubernetesResource desired) {
    String path =
        "/apis/"
            + EventStreamCrd.API_VERSION
            + "/namespaces/"
            + desired.getMetadata().getNamespace()
            + "/"
            + EventStreamCrd.PLURAL
            + "?fieldManager="
            + ObjectApplier.FIELD_MANAGER;
    client.raw(path, "POST", desired);
    LOG.info(
        "created FabricEventStream {}/{}",
        desired.getMetadata().getNamespace(),
        desired.getMetadata().getName());
  }

  /**
   * A JSON merge patch to the desired labels, annotations, owner references and spec, with {@code
   * null} for each label and annotation in {@code removals}.
   */
  private void update(
      GenericKubernetesResource stored,
      GenericKubernetesResource desired,
      Map<String, List<String>> removals) {
    ObjectNode patch = JSON.createObjectNode();
    ObjectNode metadata = patch.putObject("metadata");
    ObjectNode labels = metadata.putObject("labels");
    desired.getMetadata().getLabels().forEach(labels::put);
    removals.getOrDefault(LABELS, List.of()).forEach(labels::putNull);
    ObjectNode annotations = metadata.putObject("annotations");
    desired.getMetadata().getAnnotations().forEach(annotations::put);
    removals.getOrDefault(ANNOTATIONS, List.of()).forEach(annotations::putNull);
    List<OwnerReference> owners = ownerReferences(stored, desired);
    if (!owners.equals(orEmpty(stored.getMetadata().getOwnerReferences()))) {
      metadata.set("ownerReferences", JSON.valueToTree(owners));
    }
    patch.set("spec", JSON.valueToTree(desired.getAdditionalProperties().get("spec")));
    client
        .genericKubernetesResources(CONTEXT)
        .inNamespace(stored.getMetadata().getNamespace())
        .withName(stored.getMetadata().getName())
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.JSON_MERGE)
                .withFieldManager(ObjectApplier.FIELD_MANAGER)
                .build(),
            patch.toString());
    LOG.info(
        "updated FabricEventStream {}/{}",
        stored.getMetadata().getNamespace(),
        stored.getMetadata().getName());
  }

  /**
   * The owner references to store: those of others as they are, Tusk's own (to a {@code
   * postgresql}) as desired now (none when owner references are off).
   */
  static List<OwnerReference> ownerReferences(
      GenericKubernetesResource stored, GenericKubernetesResource desired) {
    List<OwnerReference> result = new ArrayList<>();
    for (OwnerReference r : orEmpty(stored.getMetadata().getOwnerReferences())) {
      boolean tusks =
          Postgresql.GROUP.equals(group(r.getApiVersion())) && "postgresql".equals(r.getKind());
      if (!tusks) {
        result.add(r);
      }
    }
    result.addAll(orEmpty(desired.getMetadata().getOwnerReferences()));
    return result;
  }

  /**
   * The labels and annotations Tusk's field manager wrote into a stored resource ({@code
   * managedFields}) that the desired one no longer has, by field ({@code labels}, {@code
   * annotations}).
   */
  static Map<String, List<String>> noLongerWanted(
      GenericKubernetesResource stored, GenericKubernetesResource desired) {
    Map<String, List<String>> removals = new TreeMap<>();
    List<ManagedFieldsEntry> entries = orEmpty(stored.getMetadata().getManagedFields());
    for (ManagedFieldsEntry e : entries) {
      if (!ObjectApplier.FIELD_MANAGER.equals(e.getManager()) || e.getFieldsV1() == null) {
        continue;
      }
      Object metadata = e.getFieldsV1().getAdditionalProperties().get("f:metadata");
      if (!(metadata instanceof Map<?, ?> m)) {
        continue;
      }
      collect(
          m.get("f:" + LABELS),
          desired.getMetadata().getLabels(),
          stored.getMetadata().getLabels(),
          LABELS,
          removals);
      collect(
          m.get("f:" + ANNOTATIONS),
          desired.getMetadata().getAnnotations(),
          stored.getMetadata().getAnnotations(),
          ANNOTATIONS,
          removals);
    }
    return removals;
  }

  private static void collect(
      Object owned,
      Map<String, String> wanted,
      Map<String, String> present,
      String field,
      Map<String, List<String>> removals) {
    if (!(owned instanceof Map<?, ?> keys)) {
      return;
    }
    for (Object k : keys.keySet()) {
      String key = String.valueOf(k);
      if (!key.startsWith("f:")) {
        continue;
      }
      String name = key.substring(2);
      boolean isWanted = wanted != null && wanted.containsKey(name);
      boolean isPresent = present != null && present.containsKey(name);
      if (!isWanted && isPresent) {
        List<String> list = removals.computeIfAbsent(field, f -> new ArrayList<>());
        if (!list.contains(name)) {
          list.add(name);
        }
      }
    }
  }

  private static String group(String apiVersion) {
    int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private void delete(GenericKubernetesResource r) {
    client
        .genericKubernetesResources(CONTEXT)
        .inNamespace(r.getMetadata().getNamespace())
        .withName(r.getMetadata().getName())
        .delete();
    LOG.info(
        "deleted FabricEventStream {}/{}",
        r.getMetadata().getNamespace(),
        r.getMetadata().getName());
  }

  /** A name no resource of the namespace has yet. */
  private String newName(ClusterModel model) {
    Set<String> taken =
        client
            .genericKubernetesResources(CONTEXT)
            .inNamespace(model.namespace())
            .list()
            .getItems()
            .stream()
            .map(r -> r.getMetadata().getName())
            .collect(Collectors.toSet());
    for (int i = 0; i < 10; i++) {
      String name = FabricEventStreams.name(model.name(), suffixes.get());
      if (!taken.contains(name)) {
        return name;
      }
    }
    throw new IllegalStateException("no free FabricEventStream name for " + model.name());
  }

  private static List<GenericKubernetesResource> sorted(List<GenericKubernetesResource> items) {
    return items.stream()
        .sorted(
            Comparator.comparing(
                    (GenericKubernetesResource r) ->
                        r.getMetadata().getCreationTimestamp() == null
                            ? ""
                            : r.getMetadata().getCreationTimestamp())
                .thenComparing(r -> r.getMetadata().getName()))
        .toList();
  }

  private static Supplier<String> randomSuffixes() {
    SecureRandom random = new SecureRandom();
    return () -> {
      StringBuilder sb = new StringBuilder(5);
      for (int i = 0; i < 5; i++) {
        sb.append(SUFFIX_CHARACTERS.charAt(random.nextInt(SUFFIX_CHARACTERS.length())));
      }
      return sb.toString();
    };
  }
}
