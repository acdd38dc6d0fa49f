package io.tusk.operator.placement;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.day2.placement.NodeDrain;
import io.tusk.day2.placement.NodeDrain.LeavingNodes;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the Kubernetes nodes as Zalando's node informer does ({@code controller/node.go}): when a
 * node starts leaving (it becomes unschedulable, or loses the {@code node_readiness_label}; {@link
 * NodeDrain#leavingReason}), the clusters whose primary pod runs on it are reconciled, and their
 * reconcile moves the primary off ({@link DrainMover}). A node found leaving when the operator
 * starts counts too (Zalando's {@code nodeAdd}).
 *
 * <p>Cheap on large clusters: the cache keeps only each node's name, labels and {@code
 * spec.unschedulable} (not its status, which kubelets rewrite all the time), and only a change from
 * staying to leaving reaches the mapper, which then lists the master pods on that one node.
 */
public final class NodeWatch implements SecondaryToPrimaryMapper<Node> {
  private static final Logger LOG = LoggerFactory.getLogger(NodeWatch.class);

  private final KubernetesClient client;
  private final Supplier<OperatorConfig> config;
  private volatile IndexedResourceCache<Postgresql> clusters;
  private volatile InformerEventSource<Node, Postgresql> source;

  public NodeWatch(KubernetesClient client, Supplier<OperatorConfig> config) {
    this.client = client;
    this.config = config;
  }

  /** The informer, to be registered with the reconciler's other event sources. */
  public InformerEventSource<Node, Postgresql> eventSource(EventSourceContext<Postgresql> ctx) {
    this.clusters = ctx.getPrimaryCache();
    InformerEventSource<Node, Postgresql> informer =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Node.class, Postgresql.class)
                .withName("Node")
                .withWatchAllNamespaces()
                .withSecondaryToPrimaryMapper(this)
                .withItemStore(new TransformingItemStore<>(NodeWatch::slim))
                .withOnAddFilter(this::leaving)
                .withOnUpdateFilter((newer, older) -> leaving(newer) && !leaving(older))
                .withOnDeleteFilter((node, unknownState) -> false)
                .build(),
            ctx);
    this.source = informer;
    return informer;
  }

  /** The nodes that are leaving now, as cached; none before the informer runs. */
  public LeavingNodes leaving(OperatorConfig cfg) {
    InformerEventSource<Node, Postgresql> s = source;
    if (s == null) {
      return LeavingNodes.none();
    }
    return LeavingNodes.of(s.list(n -> true).toList(), cfg.get(Options.NODE_READINESS_LABEL));
  }

  private boolean leaving(Node node) {
    return NodeDrain.leavingReason(node, config.get().get(Options.NODE_READINESS_LABEL))
        .isPresent();
  }

  /** The clusters whose pod labelled master runs on {@code node}, when the node is leaving. */
  @Override
  public Set<ResourceID> toPrimaryResourceIDs(Node node) {
    IndexedResourceCache<Postgresql> cache = clusters;
    if (cache == null || !leaving(node)) {
      return Set.of();
    }
    OperatorConfig cfg = config.get();
    Map<String, String> selector = new HashMap<>(cfg.get(Options.CLUSTER_LABELS));
    selector.put(cfg.get(Options.POD_ROLE_LABEL), "master");
    String nameLabel = cfg.get(Options.CLUSTER_NAME_LABEL);
    Set<ResourceID> ids =
        client
            .pods()
            .inAnyNamespace()
            .withLabels(selector)
            .withField("spec.nodeName", node.getMetadata().getName())
            .list()
            .getItems()
            .stream()
            .map((Pod p) -> clusterOf(p, nameLabel))
            .filter(id -> id != null && cache.get(id).isPresent())
            .collect(Collectors.toSet());
    LOG.info(
        "node {} is leaving ({}): primaries to move in {}",
        node.getMetadata().getName(),
        NodeDrain.leavingReason(node, cfg.get(Options.NODE_READINESS_LABEL)).orElse(""),
        ids.isEmpty() ? "no cluster" : ids);
    return ids;
  }

  private static ResourceID clusterOf(Pod pod, String nameLabel) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String cluster = labels == null ? null : labels.get(nameLabel);
    return cluster == null ? null : new ResourceID(cluster, pod.getMetadata().getNamespace());
  }

  /** What the cache keeps of a node: name, resourceVersion, labels and whether it is cordoned. */
  static Node slim(Node node) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(node.getMetadata().getName())
        .withUid(node.getMetadata().getUid())
        .withResourceVersion(node.getMetadata().getResourceVersion())
        .withLabels(node.getMetadata().getLabels())
        .endMetadata()
        .withNewSpec()
        .withUnschedulable(node.getSpec() == null ? null : node.getSpec().getUnschedulable())
        .endSpec()
        .build();
  }
}
