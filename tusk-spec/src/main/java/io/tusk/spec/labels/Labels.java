package io.tusk.spec.labels;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.tusk.config.Options;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.PostgresRole;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Label sets of a cluster's objects. Mirrors {@code util.go#labelsSet/labelsSelector/
 * roleLabelsSet} (v2.0.1):
 *
 * <ul>
 *   <li><b>base</b> (selectors): {@code cluster_labels} (default {@code application: spilo}) plus
 *       {@code cluster_name_label: {cluster}} (default {@code cluster-name});
 *   <li><b>with extra</b> (object labels): base plus {@code team: {teamId}} plus the labels of the
 *       {@code postgresql} resource listed in {@code inherited_labels};
 *   <li><b>role</b>: either set plus {@code pod_role_label: master|replica} ({@code spilo-role}).
 * </ul>
 *
 * <p>All maps are sorted copies, so generated objects are deterministic.
 */
public final class Labels {

  /** Label set on pods by Patroni during bootstrap and by the operator during major upgrades. */
  public static final String CRITICAL_OPERATION = "critical-operation";

  /** Team label added to every object the operator creates. */
  public static final String TEAM = "team";

  private final ClusterModel model;

  private Labels(ClusterModel model) {
    this.model = model;
  }

  public static Labels of(ClusterModel model) {
    return new Labels(model);
  }

  /** {@code cluster_labels} + {@code cluster_name_label: {cluster}}. */
  public Map<String, String> base() {
    Map<String, String> labels = new TreeMap<>(model.config().get(Options.CLUSTER_LABELS));
    labels.put(model.config().get(Options.CLUSTER_NAME_LABEL), model.name());
    return labels;
  }

  /** Base labels plus {@code team} and inherited labels. */
  public Map<String, String> withExtra() {
    Map<String, String> labels = base();
    labels.put(TEAM, model.teamId());
    List<String> inherited = model.config().get(Options.INHERITED_LABELS);
    model
        .labels()
        .forEach(
            (k, v) -> {
              if (inherited.contains(k)) {
                labels.put(k, v);
              }
            });
    return labels;
  }

  /** Base or extended labels plus the role label. */
  public Map<String, String> role(PostgresRole role, boolean withExtra) {
    Map<String, String> labels = withExtra ? withExtra() : base();
    labels.put(roleLabel(), role.labelValue());
    return labels;
  }

  /** The StatefulSet selector: base labels only. */
  public LabelSelector selector() {
    return new LabelSelectorBuilder().withMatchLabels(base()).build();
  }

  /** The configured role label key ({@code pod_role_label}). */
  public String roleLabel() {
    return model.config().get(Options.POD_ROLE_LABEL);
  }

  /** The configured cluster name label key ({@code cluster_name_label}). */
  public String clusterNameLabel() {
    return model.config().get(Options.CLUSTER_NAME_LABEL);
  }
}
