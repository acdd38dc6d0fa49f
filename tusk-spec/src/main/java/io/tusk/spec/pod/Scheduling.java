package io.tusk.spec.pod;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeAffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.PodAntiAffinityBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where Postgres pods may run: node affinity merged with {@code node_readiness_label}, optional pod
 * anti-affinity, tolerations and topology spread constraints. Mirrors {@code
 * k8sres.go#nodeAffinity/podAffinity/tolerations/generateTopologySpreadConstraints} (v2.0.1).
 */
public final class Scheduling {

  private Scheduling() {}

  /**
   * The manifest's node affinity combined with one required term built from {@code
   * node_readiness_label} (one {@code In} expression per label, sorted by key). With existing
   * required terms, {@code node_readiness_label_merge: OR} adds the term as an alternative and
   * {@code AND} adds its expressions to every existing term. Returns {@code null} when neither is
   * set.
   */
  public static Affinity nodeAffinity(OperatorConfig config, NodeAffinity manifest) {
    Map<String, String> readiness = new TreeMap<>(config.get(Options.NODE_READINESS_LABEL));
    if (readiness.isEmpty() && manifest == null) {
      return null;
    }
    NodeAffinity affinity =
        manifest == null ? new NodeAffinity() : new NodeAffinityBuilder(manifest).build();
    if (!readiness.isEmpty()) {
      List<NodeSelectorRequirement> expressions = new ArrayList<>();
      readiness.forEach(
          (k, v) ->
              expressions.add(
                  new NodeSelectorRequirementBuilder()
                      .withKey(k)
                      .withOperator("In")
                      .withValues(v)
                      .build()));
      NodeSelectorTerm readinessTerm =
          new NodeSelectorTermBuilder().withMatchExpressions(expressions).build();
      NodeSelector required = affinity.getRequiredDuringSchedulingIgnoredDuringExecution();
      if (required == null) {
        affinity.setRequiredDuringSchedulingIgnoredDuringExecution(
            new NodeSelector(List.of(readinessTerm)));
      } else {
        List<NodeSelectorTerm> terms =
            new ArrayList<>(
                required.getNodeSelectorTerms() == null
                    ? List.of()
                    : required.getNodeSelectorTerms());
        String merge = config.get(Options.NODE_READINESS_LABEL_MERGE);
        if ("AND".equals(merge)) {
          List<NodeSelectorTerm> merged = new ArrayList<>();
          for (NodeSelectorTerm term : terms) {
            List<NodeSelectorRequirement> all =
                new ArrayList<>(
                    term.getMatchExpressions() == null ? List.of() : term.getMatchExpressions());
            all.addAll(expressions);
            // Zalando rebuilds the term from its expressions only (matchFields are dropped).
            merged.add(new NodeSelectorTermBuilder().withMatchExpressions(all).build());
          }
          terms = merged;
        } else if ("OR".equals(merge)) {
          terms.add(readinessTerm);
        }
        affinity.setRequiredDuringSchedulingIgnoredDuringExecution(new NodeSelector(terms));
      }
    }
    return new AffinityBuilder().withNodeAffinity(affinity).build();
  }

  /**
   * Pod anti-affinity between the pods of one cluster on {@code pod_antiaffinity_topology_key},
   * required or (with {@code pod_antiaffinity_preferred_during_scheduling}) preferred with weight
   * 1, keeping the node affinity if any.
   */
  public static Affinity podAntiAffinity(
      OperatorConfig config, Map<String, String> podLabels, Affinity nodeAffinity) {
    PodAffinityTerm term =
        new PodAffinityTermBuilder()
            .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(podLabels).build())
            .withTopologyKey(config.get(Options.POD_ANTIAFFINITY_TOPOLOGY_KEY))
            .build();
    PodAntiAffinity anti;
    if (Boolean.TRUE.equals(config.get(Options.POD_ANTIAFFINITY_PREFERRED_DURING_SCHEDULING))) {
      anti =
          new PodAntiAffinityBuilder()
              .addNewPreferredDuringSchedulingIgnoredDuringExecution()
              .withWeight(1)
              .withPodAffinityTerm(term)
              .endPreferredDuringSchedulingIgnoredDuringExecution()
              .build();
    } else {
      anti =
          new PodAntiAffinityBuilder()
              .withRequiredDuringSchedulingIgnoredDuringExecution(term)
              .build();
    }
    AffinityBuilder affinity = new AffinityBuilder().withPodAntiAffinity(anti);
    if (nodeAffinity != null && nodeAffinity.getNodeAffinity() != null) {
      affinity.withNodeAffinity(nodeAffinity.getNodeAffinity());
    }
    return affinity.build();
  }

  /**
   * The manifest's tolerations when present; otherwise one toleration from the {@code toleration}
   * map ({@code key}, {@code operator}, {@code value}, {@code effect}) when any is set.
   */
  public static List<Toleration> tolerations(OperatorConfig config, List<Toleration> manifest) {
    if (manifest != null && !manifest.isEmpty()) {
      return List.copyOf(manifest);
    }
    Map<String, String> t = config.get(Options.TOLERATION);
    String key = t.getOrDefault("key", "");
    String operator = t.getOrDefault("operator", "");
    String value = t.getOrDefault("value", "");
    String effect = t.getOrDefault("effect", "");
    if (key.isEmpty() && operator.isEmpty() && value.isEmpty() && effect.isEmpty()) {
      return List.of();
    }
    return List.of(
        new TolerationBuilder()
            .withKey(emptyToNull(key))
            .withOperator(emptyToNull(operator))
            .withValue(emptyToNull(value))
            .withEffect(emptyToNull(effect))
            .build());
  }

  /**
   * The manifest's topology spread constraints with the label selector filled with the pod labels
   * where the manifest has none.
   *
   * <p>Difference: Zalando means to set the selector but its loop writes to a copy, so its pods get
   * constraints without selector (which match no pods). Tusk fills missing selectors and keeps
   * selectors written in the manifest.
   */
  public static List<TopologySpreadConstraint> topologySpreadConstraints(
      List<TopologySpreadConstraint> manifest, Map<String, String> podLabels) {
    List<TopologySpreadConstraint> result = new ArrayList<>();
    if (manifest == null) {
      return result;
    }
    for (TopologySpreadConstraint c : manifest) {
      TopologySpreadConstraintBuilder b = new TopologySpreadConstraintBuilder(c);
      if (c.getLabelSelector() == null) {
        b.withLabelSelector(new LabelSelectorBuilder().withMatchLabels(podLabels).build());
      }
      result.add(b.build());
    }
    return result;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
