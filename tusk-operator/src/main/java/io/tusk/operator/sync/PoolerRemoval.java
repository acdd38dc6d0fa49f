package io.tusk.operator.sync;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.tusk.spec.PostgresRole;
import io.tusk.spec.pooler.ConnectionPoolers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which connection pooler objects go when a role's pooler is turned off (Zalando's {@code
 * connection_pooler.go#deleteConnectionPooler}): the Deployment and Service {@code
 * {cluster}-pooler[-repl]} and the userlist Secret {@code {name}-u} of a role whose pooler is no
 * longer desired. Only objects Tusk created are removed: they carry the pooler's labels ({@code
 * application: db-connection-pooler}, {@code connection-pooler: {name}}) and an entry of Tusk's
 * field manager ({@link OwnedFields#ownEntry}); an object of that name that someone else created,
 * or that is already being deleted, is left alone. Pure: the operator passes the cached objects,
 * {@code tusk plan} the live ones.
 */
public final class PoolerRemoval {

  private PoolerRemoval() {}

  /**
   * The objects among {@code existing} to delete.
   *
   * @param cluster the cluster's name
   * @param desired the pooler objects wanted now ({@code DesiredState#poolerObjects})
   * @param existing the cluster's Deployments, Services and Secrets as found
   */
  public static List<HasMetadata> toRemove(
      String cluster,
      Collection<? extends HasMetadata> desired,
      Collection<? extends HasMetadata> existing) {
    Set<String> wanted = new HashSet<>();
    for (HasMetadata d : desired) {
      wanted.add(key(d));
    }
    List<HasMetadata> result = new ArrayList<>();
    for (HasMetadata o : existing) {
      String pooler = poolerOf(cluster, o);
      if (pooler == null
          || wanted.contains(key(o))
          || o.getMetadata().getDeletionTimestamp() != null
          || !labelledAs(o, pooler)
          || OwnedFields.ownEntry(o).isEmpty()) {
        continue;
      }
      result.add(o);
    }
    return result;
  }

  /** The pooler an object of this kind and name would belong to, or null. */
  private static String poolerOf(String cluster, HasMetadata o) {
    String name = o.getMetadata().getName();
    for (PostgresRole role : PostgresRole.values()) {
      String pooler = poolerName(cluster, role);
      if ((o instanceof Deployment || o instanceof Service) && name.equals(pooler)) {
        return pooler;
      }
      if (o instanceof Secret && name.equals(pooler + "-u")) {
        return pooler;
      }
    }
    return null;
  }

  /** {@code {cluster}-pooler} or {@code {cluster}-pooler-repl}, as {@code ClusterNames#pooler}. */
  static String poolerName(String cluster, PostgresRole role) {
    return role == PostgresRole.MASTER ? cluster + "-pooler" : cluster + "-pooler-repl";
  }

  private static boolean labelledAs(HasMetadata o, String pooler) {
    Map<String, String> labels = o.getMetadata().getLabels();
    return labels != null
        && ConnectionPoolers.APPLICATION.equals(labels.get("application"))
        && pooler.equals(labels.get(ConnectionPoolers.POOLER_LABEL));
  }

  private static String key(HasMetadata o) {
    return o.getKind() + "/" + o.getMetadata().getName();
  }
}
