package io.tusk.operator.observe;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.tusk.api.acid.v1.Postgresql;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A cluster's owned objects as the operator's informers last saw them (selected by the cluster-name
 * label). The observe step reads the cluster's world from here first; the reconciler implements it
 * over JOSDK's informer event sources, tests over lists.
 */
public interface ClusterCache {

  Optional<StatefulSet> statefulSet(Postgresql pg);

  Collection<Service> services(Postgresql pg);

  /** The master Endpoints (Patroni's leader object in Endpoints mode) and others labelled so. */
  Collection<Endpoints> endpoints(Postgresql pg);

  Collection<Secret> secrets(Postgresql pg);

  Collection<PodDisruptionBudget> podDisruptionBudgets(Postgresql pg);

  /** ConfigMaps labelled with the cluster: Patroni's DCS objects in configmaps mode. */
  default Collection<ConfigMap> configMaps(Postgresql pg) {
    return List.of();
  }

  /** Deployments labelled with the cluster: its connection poolers. */
  default Collection<Deployment> deployments(Postgresql pg) {
    return List.of();
  }

  /** CronJobs labelled with the cluster: its logical backup. */
  default Collection<CronJob> cronJobs(Postgresql pg) {
    return List.of();
  }
}
