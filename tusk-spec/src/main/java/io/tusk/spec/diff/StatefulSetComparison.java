package io.tusk.spec.diff;

import static io.tusk.spec.diff.NormalizedTree.get;
import static io.tusk.spec.diff.NormalizedTree.items;
import static io.tusk.spec.diff.NormalizedTree.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.diff.Comparison.Action;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares the StatefulSet read from the API server with the desired one and says whether to leave
 * it, patch it, roll the pods or replace it. Mirrors {@code cluster.go#compareStatefulSetWith} with
 * {@code compareContainers}, {@code compareEnv}, {@code compareSpiloConfiguration}, {@code
 * comparePorts}, {@code compareResources}, {@code compareVolumeMounts} and {@code
 * compareAnnotations} (v2.0.1), keeping Zalando's reason strings, but without side effects.
 *
 * <ul>
 *   <li><b>replace</b>: owner references, StatefulSet annotations, pod management policy, PVC
 *       retention policy, selector, volume claim templates, number of volumes, pod template
 *       annotations, image under lazy Spilo upgrade; also the pod-level fields below;
 *   <li><b>rolling update</b>: containers and init containers (count, name, image, probes, ports,
 *       resources, env with {@code SPILO_CONFIGURATION} compared without {@code bootstrap.dcs},
 *       envFrom, security context, volume mounts), service account, termination grace period,
 *       affinity, topology spread constraints, tolerations, template labels, pod security context,
 *       priority class;
 *   <li><b>update</b>: anything else Zalando checks (replicas, annotations).
 * </ul>
 *
 * <p>Only fields Tusk sets are compared, after removing what the API server fills in (defaults,
 * canonical quantities, dropped empty values); see {@link NormalizedTree}. Beyond Zalando it also
 * notices changed container commands/arguments, scheduler names and toleration contents (Zalando
 * counts tolerations only), each of which needs new pods.
 */
public final class StatefulSetComparison {

  private static final String LAZY_UPGRADE_REASON =
      "lazy Spilo update: new statefulset's pod image does not match the current one";

  private StatefulSetComparison() {}

  /** Compares with no ignored annotations and lazy Spilo upgrade off. */
  public static Comparison compare(StatefulSet current, StatefulSet desired) {
    return compare(current, desired, Set.of(), false);
  }

  /**
   * Compares with {@code ignored_annotations} and {@code enable_lazy_spilo_upgrade} from config.
   */
  public static Comparison compare(
      StatefulSet current, StatefulSet desired, OperatorConfig config) {
    return compare(
        current,
        desired,
        new HashSet<>(config.get(Options.IGNORED_ANNOTATIONS)),
        Boolean.TRUE.equals(config.get(Options.ENABLE_LAZY_SPILO_UPGRADE)));
  }

  public static Comparison compare(
      StatefulSet current,
      StatefulSet desired,
      Set<String> ignoredAnnotations,
      boolean lazySpiloUpgrade) {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(desired, "desired");
    JsonNode cur = NormalizedTree.of(current);
    JsonNode des = NormalizedTree.of(desired);
    // Label and annotation maps keep empty values: "" is a value there, not an omitted field.
    JsonNode curRaw = NormalizedTree.raw(current);
    JsonNode desRaw = NormalizedTree.raw(desired);
    List<String> reasons = new ArrayList<>();
    List<String> removedPodAnnotations = new ArrayList<>();
    boolean match = true;
    boolean replace = false;
    boolean roll = false;

    if (replicas(cur) != replicas(des)) {
      match = false;
      reasons.add("new statefulset's number of replicas does not match the current one");
    }
    if (!get(cur, "metadata", "ownerReferences").equals(get(des, "metadata", "ownerReferences"))) {
      match = false;
      replace = true;
      reasons.add("new statefulset's ownerReferences do not match");
    }
    String annotationChange =
        annotationChanges(
            map(get(curRaw, "metadata", "annotations")),
            map(get(desRaw, "metadata", "annotations")),
            ignoredAnnotations,
            null);
    if (!annotationChange.isEmpty()) {
      match = false;
      replace = true;
      reasons.add("new statefulset's annotations do not match: " + annotationChange);
    }
    if (!text(get(cur, "spec", "podManagementPolicy"), "OrderedReady")
        .equals(text(get(des, "spec", "podManagementPolicy"), "OrderedReady"))) {
      match = false;
      replace = true;
      reasons.add("new statefulset's pod management policy do not match");
    }
    if (!retentionPolicy(cur).equals(retentionPolicy(des))) {
      match = false;
      replace = true;
      reasons.add("new statefulset's persistent volume claim retention policy do not match");
    }

    JsonNode curPod = get(cur, "spec", "template", "spec");
    JsonNode desPod = get(des, "spec", "template", "spec");
    roll |=
        ContainerComparison.compare(
            "statefulset initContainers",
            items(get(curPod, "initContainers")),
            items(get(desPod, "initContainers")),
            lazySpiloUpgrade,
            reasons);
    List<JsonNode> curContainers = items(get(curPod, "containers"));
    roll |=
        ContainerComparison.compare(
            "statefulset containers",
            curContainers,
            items(get(desPod, "containers")),
            lazySpiloUpgrade,
            reasons);
    if (curContainers.isEmpty()) {
      reasons.add("statefulset has no container");
      return new Comparison(Action.NONE, reasons, false, List.of());
    }

    if (!text(get(curPod, "serviceAccountName"), "default")
        .equals(text(get(desPod, "serviceAccountName"), "default"))) {
      replace = true;
      roll = true;
      reasons.add(
          "new statefulset's serviceAccountName service account name does not match the current"
              + " one");
    }
    if (gracePeriod(curPod) != gracePeriod(desPod)) {
      replace = true;
      roll = true;
      reasons.add("new statefulset's terminationGracePeriodSeconds does not match the current one");
    }
    if (!get(curPod, "affinity").equals(get(desPod, "affinity"))) {
      replace = true;
      roll = true;
      reasons.add("new statefulset's pod affinity does not match the current one");
    }
    if (!get(curPod, "topologySpreadConstraints")
        .equals(get(desPod, "topologySpreadConstraints"))) {
      replace = true;
      roll = true;
      reasons.add("new statefulset's pod topologySpreadConstraints does not match the current one");
    }
    if (!get(curPod, "tolerations").equals(get(desPod, "tolerations"))) {
      replace = true;
      roll = true;
      reasons.add("new statefulset's pod tolerations does not match the current one");
    }
    if (!text(get(curPod, "schedulerName"), "default-scheduler")
        .equals(text(get(desPod, "schedulerName"), "default-scheduler"))) {
      replace = true;
      roll = true;
      reasons.add("new statefulset's pod scheduler name does not match the current one");
    }
    if (!map(get(curRaw, "spec", "template", "metadata", "labels"))
        .equals(map(get(desRaw, "spec", "template", "metadata", "labels")))) {
      replace = true;
      roll = true;
      reasons.add("new statefulset's metadata labels does not match the current one");
    }
    Map<String, String> curSelector = map(get(curRaw, "spec", "selector", "matchLabels"));
    Map<String, String> desSelector = map(get(desRaw, "spec", "selector", "matchLabels"));
    if (!curSelector.equals(desSelector)) {
      // A selector with labels the old pods lack would orphan them: refuse to continue.
      if (!curSelector.entrySet().containsAll(desSelector.entrySet())) {
        return new Comparison(
            Action.NONE,
            List.of(
                "new statefulset introduces extra labels in the label selector, cannot continue"),
            false,
            List.of());
      }
      replace = true;
      reasons.add("new statefulset's selector does not match the current one");
    }
    String podAnnotationChange =
        annotationChanges(
            map(get(curRaw, "spec", "template", "metadata", "annotations")),
            map(get(desRaw, "spec", "template", "metadata", "annotations")),
            ignoredAnnotations,
            removedPodAnnotations);
    if (!podAnnotationChange.isEmpty()) {
      match = false;
      replace = true;
      reasons.add(
          "new statefulset's pod template metadata annotations does not match "
              + podAnnotationChange);
    }
    if (!get(curPod, "securityContext").equals(get(desPod, "securityContext"))) {
      replace = true;
      roll = true;
      reasons.add(
          "new statefulset's pod template security context in spec does not match the current one");
    }
    replace |= compareVolumeClaimTemplates(cur, des, curRaw, desRaw, ignoredAnnotations, reasons);
    if (items(get(curPod, "volumes")).size() != items(get(desPod, "volumes")).size()) {
      replace = true;
      reasons.add("new statefulset's volumes contains different number of volumes to the old one");
    }
    if (!text(get(curPod, "priorityClassName"), "")
        .equals(text(get(desPod, "priorityClassName"), ""))) {
      replace = true;
      roll = true;
      reasons.add("new statefulset's pod priority class in spec does not match the current one");
    }
    if (lazySpiloUpgrade
        && !ContainerComparison.postgresImage(curContainers)
            .equals(ContainerComparison.postgresImage(items(get(desPod, "containers"))))) {
      replace = true;
      reasons.add(LAZY_UPGRADE_REASON);
    }

    if (roll || replace) {
      match = false;
    }
    Action action =
        match
            ? Action.NONE
            : replace ? Action.REPLACE : roll ? Action.ROLLING_UPDATE : Action.UPDATE;
    return new Comparison(action, reasons, roll, removedPodAnnotations);
  }

  /**
   * Zalando's {@code compareAnnotations}: the text of every removed, added or changed key not in
   * {@code ignored}; empty when nothing changed. Removed keys are collected when a list is given.
   */
  public static String annotationChanges(
      Map<String, String> old,
      Map<String, String> desired,
      Set<String> ignored,
      List<String> removed) {
    StringBuilder reason = new StringBuilder();
    for (String key : new TreeMap<>(old).keySet()) {
      if (!ignored.contains(key) && !desired.containsKey(key)) {
        reason.append(String.format(" Removed %s.", quote(key)));
        if (removed != null) {
          removed.add(key);
        }
      }
    }
    for (Map.Entry<String, String> e : new TreeMap<>(desired).entrySet()) {
      String key = e.getKey();
      if (ignored.contains(key)) {
        continue;
      }
      String before = old.get(key);
      if (before == null && !old.containsKey(key)) {
        reason.append(String.format(" Added %s with value %s.", quote(key), quote(e.getValue())));
      } else if (!Objects.equals(before, e.getValue())) {
        reason.append(
            String.format(
                " %s changed from %s to %s.", quote(key), quote(before), quote(e.getValue())));
      }
    }
    return reason.toString();
  }

  private static boolean compareVolumeClaimTemplates(
      JsonNode cur,
      JsonNode des,
      JsonNode curRaw,
      JsonNode desRaw,
      Set<String> ignored,
      List<String> reasons) {
    List<JsonNode> a = items(get(cur, "spec", "volumeClaimTemplates"));
    List<JsonNode> b = items(get(des, "spec", "volumeClaimTemplates"));
    List<JsonNode> rawA = items(get(curRaw, "spec", "volumeClaimTemplates"));
    List<JsonNode> rawB = items(get(desRaw, "spec", "volumeClaimTemplates"));
    if (a.size() != b.size()) {
      reasons.add(
          "new statefulset's volumeClaimTemplates contains different number of volumes to the old"
              + " one");
      return true;
    }
    boolean replace = false;
    for (int i = 0; i < a.size(); i++) {
      String name = text(get(a.get(i), "metadata", "name"), "");
      if (!name.equals(text(get(b.get(i), "metadata", "name"), ""))) {
        reasons.add(
            String.format(
                "new statefulset's name for volume %d does not match the current one", i));
        replace = true;
        continue;
      }
      String change =
          annotationChanges(
              map(get(rawA.get(i), "metadata", "annotations")),
              map(get(rawB.get(i), "metadata", "annotations")),
              ignored,
              null);
      if (!change.isEmpty()) {
        reasons.add(
            String.format(
                "new statefulset's annotations for volume %s do not match the current ones: %s",
                quote(name), change));
        replace = true;
      }
      if (!claimSpec(a.get(i)).equals(claimSpec(b.get(i)))) {
        reasons.add(
            String.format(
                "new statefulset's volumeClaimTemplates specification for volume %s does not match"
                    + " the current one",
                quote(name)));
        replace = true;
      }
    }
    return replace;
  }

  private static JsonNode claimSpec(JsonNode claim) {
    JsonNode spec = get(claim, "spec");
    if (!(spec instanceof ObjectNode s)) {
      return spec;
    }
    ObjectNode copy = s.deepCopy();
    if (!copy.has("volumeMode")) {
      copy.set("volumeMode", TextNode.valueOf("Filesystem"));
    }
    if (copy.has("resources")) {
      copy.set("resources", NormalizedTree.resources(copy.get("resources")));
    }
    return copy;
  }

  private static int replicas(JsonNode sts) {
    JsonNode r = get(sts, "spec", "replicas");
    // Omitted replicas default to 1; an explicit 0 is pruned like any zero-length value is not.
    return r.isMissingNode() ? 1 : r.asInt();
  }

  private static long gracePeriod(JsonNode pod) {
    JsonNode g = get(pod, "terminationGracePeriodSeconds");
    return g.isMissingNode() ? 30 : g.asLong();
  }

  private static JsonNode retentionPolicy(JsonNode sts) {
    JsonNode p = get(sts, "spec", "persistentVolumeClaimRetentionPolicy");
    ObjectNode result = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    result.put("whenDeleted", text(get(p, "whenDeleted"), "Retain"));
    result.put("whenScaled", text(get(p, "whenScaled"), "Retain"));
    return result;
  }

  static Map<String, String> map(JsonNode node) {
    Map<String, String> result = new TreeMap<>();
    if (node != null && node.isObject()) {
      node.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
    }
    return result;
  }

  /** Go's {@code %q} for the simple strings used in annotation keys and values. */
  static String quote(String s) {
    if (s == null) {
      return "\"\"";
    }
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
