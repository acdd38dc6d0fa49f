package io.tusk.operator.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tusk.config.OperatorConfig;
import io.tusk.operator.observe.ClusterWorld;
import io.tusk.spec.DesiredState;
import io.tusk.spec.backup.LogicalBackupJob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The object step: brings a cluster's Kubernetes objects to the desired state, one kind after the
 * other in Zalando's order, with each kind's rule in one place:
 *
 * <ul>
 *   <li>the pods' ServiceAccount, kept as configured, and RoleBinding, created when missing ({@link
 *       NamespaceObjects}, which also reports a missing {@code postgres-pod} ClusterRole);
 *   <li>the master Endpoints (Endpoints mode): its metadata kept as desired; its addresses are
 *       Patroni's, written by Tusk only when it recreates a missing one ({@link
 *       #ADDRESSES_FIELD_MANAGER});
 *   <li>Services and PodDisruptionBudgets: server-side apply where the cached object differs;
 *   <li>credential Secrets: through their one writer ({@link CredentialSecretWriter}), never
 *       replacing a stored password;
 *   <li>the StatefulSet: {@link StatefulSetSync} (update, replace on immutable changes, rolling
 *       update flags);
 *   <li>the logical backup CronJob: server-side apply where the cached object differs; deleted when
 *       {@code enableLogicalBackup} is turned off;
 *   <li>the connection pooler's userlist Secret, Deployment and Service per enabled role ({@code
 *       DesiredState#poolerObjects}): server-side apply where the cached object differs, so a
 *       hand-edited pooler Deployment is put back; those of a role whose pooler is turned off are
 *       deleted if Tusk created them ({@link PoolerRemoval});
 *   <li>objects Patroni and the endpoints controller create ({@code DesiredState#patroniObjects}):
 *       owner references and inherited annotations, applied only to those that exist, as Zalando's
 *       {@code syncPatroniResources}.
 * </ul>
 *
 * Everything is applied as server-side apply under {@value ObjectApplier#FIELD_MANAGER}, so what
 * leaves the desired state (a label, an annotation, an owner reference) is removed from the object,
 * but only if Tusk put it there ({@link OwnedFields}).
 *
 * <p>Current objects come from the observe step's {@link ClusterWorld}; nothing is read here.
 */
public final class ObjectSync {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectSync.class);

  /**
   * What the step did.
   *
   * @param changes a human-readable line per change, for the cluster's Normal Event
   * @param podProblem what the pods lack (e.g. the ClusterRole), or empty
   */
  public record Applied(List<String> changes, Optional<String> podProblem) {}

  /**
   * Field manager of the addresses Tusk writes into a master Endpoints it recreates: kept apart
   * from {@value ObjectApplier#FIELD_MANAGER}, whose later applies of the metadata would otherwise
   * remove the addresses again.
   */
  public static final String ADDRESSES_FIELD_MANAGER = "tusk-endpoints";

  private final KubernetesClient client;

  private final ObjectApplier applier;
  private final NamespaceObjects namespaceObjects;
  private final CredentialSecretWriter secrets;
  private final StatefulSetSync statefulSets;

  public ObjectSync(KubernetesClient client) {
    this.client = client;
    this.applier = new ObjectApplier(client);
    this.namespaceObjects = new NamespaceObjects(client, applier);
    this.secrets = new CredentialSecretWriter(client, applier);
    this.statefulSets = new StatefulSetSync(client, applier);
  }

  public Applied apply(DesiredState desired, ClusterWorld world, OperatorConfig config) {
    NamespaceObjects.Result namespace =
        namespaceObjects.ensure(desired.podServiceAccount(), desired.podRoleBinding());
    List<String> changes = new ArrayList<>(namespace.created());

    desired
        .masterEndpoints()
        .ifPresent(
            ep ->
                note(
                    changes,
                    "Endpoints",
                    ep,
                    masterEndpoints(ep, world.endpoint(ep.getMetadata().getName()))));
    for (Service svc : List.of(desired.masterService(), desired.replicaService())) {
      note(changes, "Service", svc, applier.apply(svc, world.service(svc.getMetadata().getName())));
    }
    for (Secret built : desired.secrets()) {
      String ns =
          built.getMetadata().getNamespace() == null
              ? desired.statefulSet().getMetadata().getNamespace()
              : built.getMetadata().getNamespace();
      Optional<Secret> stored = world.secret(ns, built.getMetadata().getName());
      note(changes, "Secret", built, secrets.apply(built, stored));
    }
    for (PodDisruptionBudget pdb : List.of(desired.masterPdb(), desired.criticalOpPdb())) {
      note(
          changes,
          "PodDisruptionBudget",
          pdb,
          applier.apply(pdb, world.podDisruptionBudget(pdb.getMetadata().getName())));
    }
    Map<String, String> podSelector =
        new LinkedHashMap<>(desired.statefulSet().getSpec().getSelector().getMatchLabels());
    StatefulSetSync.Result sts =
        statefulSets.sync(desired.statefulSet(), world.statefulSet(), podSelector, config);
    if (sts.created()) {
      changes.add("created StatefulSet " + desired.statefulSet().getMetadata().getName());
    } else if (sts.changed()) {
      String what =
          switch (sts.action()) {
            case REPLACE -> "replaced StatefulSet (pods orphaned and kept)";
            case ROLLING_UPDATE -> "updated StatefulSet; pods flagged for rolling update";
            default -> "updated StatefulSet";
          };
      changes.add(what + ": " + String.join(", ", sts.reasons()));
    }
    logicalBackupJob(desired, world, changes);
    String clusterNs = desired.statefulSet().getMetadata().getNamespace();
    for (HasMetadata pooler : desired.poolerObjects()) {
      note(changes, pooler.getKind(), pooler, applyPooler(pooler, world, clusterNs));
    }
    for (HasMetadata gone :
        PoolerRemoval.toRemove(
            desired.statefulSet().getMetadata().getName(),
            desired.poolerObjects(),
            poolerCandidates(world))) {
      client.resource(gone).withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
      LOG.info(
          "Deleted {} {}/{}: its connection pooler is turned off",
          gone.getKind(),
          gone.getMetadata().getNamespace(),
          gone.getMetadata().getName());
      changes.add("deleted " + gone.getKind() + " " + gone.getMetadata().getName());
    }
    for (HasMetadata other : desired.patroniObjects()) {
      Optional<? extends HasMetadata> actual = existing(world, other);
      if (actual.isPresent()) {
        note(changes, other.getKind(), other, applyExisting(other, actual.get()));
      }
    }
    return new Applied(changes, namespace.problem());
  }

  /**
   * The logical backup CronJob: applied where it differs; when {@code enableLogicalBackup} is off,
   * a CronJob of this cluster's logical backup is deleted (its Jobs and their pods stay, as
   * Zalando's orphaning delete leaves them; their TTL removes them).
   */
  private void logicalBackupJob(DesiredState desired, ClusterWorld world, List<String> changes) {
    if (desired.logicalBackupJob().isPresent()) {
      CronJob job = desired.logicalBackupJob().get();
      note(changes, "CronJob", job, applier.apply(job, world.cronJob(job.getMetadata().getName())));
      return;
    }
    for (CronJob gone : world.cronJobs().values()) {
      Map<String, String> labels = gone.getMetadata().getLabels();
      if (labels == null || !LogicalBackupJob.APPLICATION.equals(labels.get("application"))) {
        continue;
      }
      client.resource(gone).withPropagationPolicy(DeletionPropagation.ORPHAN).delete();
      LOG.info(
          "Deleted CronJob {}/{}: logical backups are turned off",
          gone.getMetadata().getNamespace(),
          gone.getMetadata().getName());
      changes.add("deleted CronJob " + gone.getMetadata().getName());
    }
  }

  /** A pooler object against its cached counterpart. */
  private ObjectApplier.Outcome applyPooler(HasMetadata desired, ClusterWorld world, String ns) {
    String name = desired.getMetadata().getName();
    if (desired instanceof Deployment d) {
      return applier.apply(d, world.deployment(name));
    }
    if (desired instanceof Service s) {
      return applier.apply(s, world.service(name));
    }
    if (desired instanceof Secret s) {
      String secretNs =
          s.getMetadata().getNamespace() == null ? ns : s.getMetadata().getNamespace();
      return applier.apply(s, world.secret(secretNs, name));
    }
    throw new IllegalArgumentException("not a pooler object: " + desired.getKind());
  }

  /** The cached objects a pooler's could be among: Deployments, Services and Secrets. */
  private static List<HasMetadata> poolerCandidates(ClusterWorld world) {
    List<HasMetadata> all = new ArrayList<>(world.deployments().values());
    all.addAll(world.services().values());
    all.addAll(world.cachedSecrets());
    return all;
  }

  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> ObjectApplier.Outcome applyExisting(
      T desired, HasMetadata actual) {
    return applier.apply(desired, Optional.of((T) actual));
  }

  /** The object as cached, for the kinds of {@code DesiredState#patroniObjects}. */
  private static Optional<? extends HasMetadata> existing(ClusterWorld world, HasMetadata desired) {
    String name = desired.getMetadata().getName();
    if (desired instanceof Service) {
      return world.service(name);
    }
    if (desired instanceof Endpoints) {
      return world.endpoint(name);
    }
    if (desired instanceof ConfigMap) {
      return world.configMap(name);
    }
    return Optional.empty();
  }

  /**
   * The master Endpoints: Tusk applies its metadata only, never its addresses, which Patroni keeps
   * current; so an apply never removes them. A missing one recreated for a running cluster gets the
   * master pods' addresses (Zalando's {@code generateEndpointSubsets}) in a second write under
   * {@link #ADDRESSES_FIELD_MANAGER}.
   */
  private ObjectApplier.Outcome masterEndpoints(Endpoints desired, Optional<Endpoints> actual) {
    Endpoints metadataOnly = new EndpointsBuilder(desired).withSubsets().build();
    ObjectApplier.Result<Endpoints> result = applier.applyReturning(metadataOnly, actual);
    List<EndpointSubset> addresses = desired.getSubsets();
    if (result.outcome() == ObjectApplier.Outcome.CREATED
        && addresses != null
        && !addresses.isEmpty()
        && (result.applied().getSubsets() == null || result.applied().getSubsets().isEmpty())) {
      ObjectNode patch = JsonNodeFactory.instance.objectNode();
      patch.set(
          "subsets", client.getKubernetesSerialization().convertValue(addresses, JsonNode.class));
      try {
        client
            .endpoints()
            .inNamespace(result.applied().getMetadata().getNamespace())
            .withName(desired.getMetadata().getName())
            .patch(
                new PatchContext.Builder()
                    .withPatchType(PatchType.JSON_MERGE)
                    .withFieldManager(ADDRESSES_FIELD_MANAGER)
                    .build(),
                patch.toString());
      } catch (KubernetesClientException e) {
        // Patroni writes the leader's address at its next loop anyway.
        LOG.warn(
            "Endpoints {}/{} recreated without the master's address: {}",
            result.applied().getMetadata().getNamespace(),
            desired.getMetadata().getName(),
            e.getMessage());
      }
    }
    return result.outcome();
  }

  private static void note(
      List<String> changes, String kind, HasMetadata o, ObjectApplier.Outcome outcome) {
    switch (outcome) {
      case CREATED -> changes.add("created " + kind + " " + o.getMetadata().getName());
      case UPDATED -> changes.add("updated " + kind + " " + o.getMetadata().getName());
      case UNCHANGED -> {}
    }
  }
}
