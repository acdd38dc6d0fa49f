package io.tusk.spec.workload;

import io.tusk.config.Options;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.spilo.CloneAndStandbyEnv;

/**
 * The number of StatefulSet replicas. Mirrors {@code k8sres.go#getNumberOfInstances} (v2.0.1):
 * {@code numberOfInstances} clamped to {@code [min_instances, max_instances]} (-1 = no bound),
 * unless the resource carries the annotation named by {@code ignore_instance_limits_annotation_key}
 * with value {@code "true"}; a standby cluster with exactly one instance ignores the bounds.
 */
public final class InstanceCount {

  private InstanceCount() {}

  public static int desired(ClusterModel model) {
    int requested =
        model.spec().getNumberOfInstances() == null ? 0 : model.spec().getNumberOfInstances();
    String ignoreKey = model.config().get(Options.IGNORE_INSTANCE_LIMITS_ANNOTATION_KEY);
    if (ignoreKey != null
        && !ignoreKey.isEmpty()
        && "true".equals(model.annotations().get(ignoreKey))) {
      return requested;
    }
    int min = model.config().get(Options.MIN_INSTANCES);
    int max = model.config().get(Options.MAX_INSTANCES);
    // Zalando supports standby clusters with one pod only; that pod is never scaled.
    if (CloneAndStandbyEnv.isStandbyCluster(model.spec()) && requested == 1) {
      min = 1;
      max = 1;
    }
    int result = requested;
    if (max >= 0 && result > max) {
      result = max;
    }
    if (min >= 0 && result < min) {
      result = min;
    }
    return result;
  }
}
