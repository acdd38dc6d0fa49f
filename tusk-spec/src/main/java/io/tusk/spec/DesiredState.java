package io.tusk.spec;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every object Tusk wants to exist for one cluster, as computed by {@link ClusterBuilder}.
 *
 * @param masterEndpoints present only in endpoints mode ({@code kubernetes_use_configmaps: false})
 * @param secrets one credentials Secret per login role
 * @param podServiceAccount namespace-level: shared by all clusters of the namespace
 * @param podRoleBinding namespace-level: shared by all clusters of the namespace
 * @param patroniObjects metadata-only: owner references and annotations Tusk keeps on objects
 *     Patroni and the endpoints controller create ({@link io.tusk.spec.patroni.PatroniObjects});
 *     applied only to those that exist, and not among {@link #all()}
 * @param poolerObjects the connection pooler's userlist Secret, Deployment and Service per enabled
 *     role ({@link io.tusk.spec.pooler.ConnectionPoolers}), empty without pooler; last in {@link
 *     #all()}
 * @param logicalBackupJob Zalando's logical backup CronJob when {@code enableLogicalBackup} is on
 *     ({@link io.tusk.spec.backup.LogicalBackupJob})
 */
public record DesiredState(
    StatefulSet statefulSet,
    Service masterService,
    Service replicaService,
    Optional<Endpoints> masterEndpoints,
    List<Secret> secrets,
    PodDisruptionBudget masterPdb,
    PodDisruptionBudget criticalOpPdb,
    ServiceAccount podServiceAccount,
    RoleBinding podRoleBinding,
    List<HasMetadata> patroniObjects,
    List<HasMetadata> poolerObjects,
    Optional<CronJob> logicalBackupJob) {

  public DesiredState {
    Objects.requireNonNull(statefulSet, "statefulSet");
    Objects.requireNonNull(masterService, "masterService");
    Objects.requireNonNull(replicaService, "replicaService");
    Objects.requireNonNull(masterEndpoints, "masterEndpoints");
    secrets = List.copyOf(secrets);
    Objects.requireNonNull(masterPdb, "masterPdb");
    Objects.requireNonNull(criticalOpPdb, "criticalOpPdb");
    Objects.requireNonNull(podServiceAccount, "podServiceAccount");
    Objects.requireNonNull(podRoleBinding, "podRoleBinding");
    patroniObjects = List.copyOf(patroniObjects);
    poolerObjects = List.copyOf(poolerObjects);
    Objects.requireNonNull(logicalBackupJob, "logicalBackupJob");
  }

  /**
   * All objects in creation order, as Zalando's {@code Create} does it: service account, role
   * binding, master endpoints, master and replica service, secrets, the two PDBs, the StatefulSet
   * (so that everything its pods reference exists), the logical backup CronJob, then the connection
   * pooler objects.
   */
  public List<HasMetadata> all() {
    List<HasMetadata> all = new ArrayList<>();
    all.add(podServiceAccount);
    all.add(podRoleBinding);
    masterEndpoints.ifPresent(all::add);
    all.add(masterService);
    all.add(replicaService);
    all.addAll(secrets);
    all.add(masterPdb);
    all.add(criticalOpPdb);
    all.add(statefulSet);
    logicalBackupJob.ifPresent(all::add);
    all.addAll(poolerObjects);
    return all;
  }
}
