package io.tusk.spec;

import io.fabric8.kubernetes.api.model.Secret;
import io.tusk.spec.backup.LogicalBackupJob;
import io.tusk.spec.network.MasterEndpoints;
import io.tusk.spec.network.Services;
import io.tusk.spec.patroni.PatroniObjects;
import io.tusk.spec.pooler.ConnectionPoolers;
import io.tusk.spec.rbac.PodServiceAccount;
import io.tusk.spec.secret.UserSecrets;
import io.tusk.spec.spilo.DcsMode;
import io.tusk.spec.workload.ClusterStatefulSet;
import io.tusk.spec.workload.PodDisruptionBudgets;
import java.util.List;
import java.util.Optional;

/**
 * Computes the desired Kubernetes objects of a cluster from a {@link ClusterModel}. Pure: no API
 * calls, no environment, no clock; passwords come from the model's {@link PasswordSource}.
 *
 * <p>Covers what Zalando creates in {@code cluster.go#Create} (v2.0.1) except event streams, which
 * have their own builder. The connection pooler's objects ({@link DesiredState#poolerObjects()})
 * take the pooler role's password from the credentials Secrets built in the same pass.
 *
 * @throws InvalidSpecException when the manifest cannot be rendered (e.g. unparsable quantities);
 *     {@link io.tusk.spec.validate.ManifestValidator} reports such problems up front
 */
public final class ClusterBuilder {

  private ClusterBuilder() {}

  public static DesiredState build(ClusterModel model) {
    List<Secret> secrets = UserSecrets.build(model);
    return new DesiredState(
        ClusterStatefulSet.build(model),
        Services.build(model, PostgresRole.MASTER),
        Services.build(model, PostgresRole.REPLICA),
        DcsMode.usesEndpoints(model.config())
            ? Optional.of(MasterEndpoints.build(model))
            : Optional.empty(),
        secrets,
        PodDisruptionBudgets.primary(model),
        PodDisruptionBudgets.criticalOperation(model),
        PodServiceAccount.serviceAccount(model.config(), model.namespace()),
        PodServiceAccount.roleBinding(model.config(), model.namespace()),
        PatroniObjects.build(model),
        ConnectionPoolers.build(model, secrets),
        LogicalBackupJob.build(model));
  }
}
