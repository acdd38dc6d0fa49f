package io.tusk.spec.workload;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.tusk.api.acid.v1.Patroni;
import io.tusk.config.Options;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.OwnerReferences;
import io.tusk.spec.PostgresRole;
import io.tusk.spec.labels.Annotations;
import io.tusk.spec.labels.Labels;
import io.tusk.spec.naming.ClusterNames;
import java.util.Map;

/**
 * The two PodDisruptionBudgets of a cluster. Mirrors {@code
 * k8sres.go#generatePrimaryPodDisruptionBudget} and {@code generateCriticalOpPodDisruptionBudget}
 * (v2.0.1).
 *
 * <ul>
 *   <li>primary ({@code pdb_name_format}): {@code minAvailable: 1} over the master pod (base labels
 *       + {@code spilo-role: master} unless {@code pdb_master_label_selector} is off); {@code 0}
 *       when PDBs are disabled or the manifest asks for 0 instances; with the master selector off
 *       and {@code synchronous_mode_strict}, {@code synchronous_node_count + 1};
 *   <li>critical operation ({@code postgres-{cluster}-critical-op-pdb}): {@code maxUnavailable: 0}
 *       over pods labelled {@code critical-operation: "true"} (major upgrade, bootstrap); {@code
 *       100%} when disabled or 0 instances.
 * </ul>
 */
public final class PodDisruptionBudgets {

  private PodDisruptionBudgets() {}

  public static PodDisruptionBudget primary(ClusterModel model) {
    Labels labels = Labels.of(model);
    boolean enabled = enabled(model);
    int minAvailable = enabled && instances(model) > 0 ? 1 : 0;

    Map<String, String> selector = labels.base();
    boolean masterSelector =
        !Boolean.FALSE.equals(model.config().get(Options.PDB_MASTER_LABEL_SELECTOR));
    if (masterSelector) {
      selector.put(labels.roleLabel(), PostgresRole.MASTER.labelValue());
    }
    Patroni patroni = model.spec().getPatroni();
    // Without the master selector the budget covers all pods: in strict synchronous mode writes
    // need the master plus synchronous_node_count standbys.
    if (!masterSelector
        && minAvailable > 0
        && patroni != null
        && Boolean.TRUE.equals(patroni.getSynchronousModeStrict())) {
      int syncCount =
          patroni.getSynchronousNodeCount() == null ? 0 : patroni.getSynchronousNodeCount();
      minAvailable = syncCount + 1;
    }
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata()
        .withName(ClusterNames.of(model).primaryPodDisruptionBudget())
        .withNamespace(emptyToNull(model.namespace()))
        .withLabels(labels.withExtra())
        .withAnnotations(Annotations.orNull(Annotations.of(model).inherited()))
        .withOwnerReferences(OwnerReferences.forChild(model))
        .endMetadata()
        .withNewSpec()
        .withMinAvailable(new IntOrString(minAvailable))
        .withSelector(new LabelSelectorBuilder().withMatchLabels(selector).build())
        .endSpec()
        .build();
  }

  public static PodDisruptionBudget criticalOperation(ClusterModel model) {
    Labels labels = Labels.of(model);
    IntOrString maxUnavailable =
        enabled(model) && instances(model) > 0 ? new IntOrString(0) : new IntOrString("100%");
    Map<String, String> selector = labels.base();
    selector.put(Labels.CRITICAL_OPERATION, "true");
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata()
        .withName(ClusterNames.of(model).criticalOpPodDisruptionBudget())
        .withNamespace(emptyToNull(model.namespace()))
        .withLabels(labels.withExtra())
        .withAnnotations(Annotations.orNull(Annotations.of(model).inherited()))
        .withOwnerReferences(OwnerReferences.forChild(model))
        .endMetadata()
        .withNewSpec()
        .withMaxUnavailable(maxUnavailable)
        .withSelector(new LabelSelectorBuilder().withMatchLabels(selector).build())
        .endSpec()
        .build();
  }

  private static boolean enabled(ClusterModel model) {
    return !Boolean.FALSE.equals(model.config().get(Options.ENABLE_POD_DISRUPTION_BUDGET));
  }

  /** The manifest's count, not the clamped one (as Zalando). */
  private static int instances(ClusterModel model) {
    Integer n = model.spec().getNumberOfInstances();
    return n == null ? 0 : n;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
