package io.tusk.operator.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which pooler objects go when a role's pooler is turned off. */
class PoolerRemovalTest {
  private static final String CLUSTER = "acid-demo";

  private static ManagedFieldsEntry manager(String name) {
    return new ManagedFieldsEntryBuilder().withManager(name).withOperation("Apply").build();
  }

  private static ObjectMetaBuilder meta(String name, String pooler, String manager) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace("default")
        .withLabels(
            Map.of(
                "application", "db-connection-pooler",
                "cluster-name", CLUSTER,
                "connection-pooler", pooler))
        .withManagedFields(manager(manager));
  }

  private static Deployment deployment(String pooler, String manager) {
    return new DeploymentBuilder().withMetadata(meta(pooler, pooler, manager).build()).build();
  }

  private static Service service(String pooler, String manager) {
    return new ServiceBuilder().withMetadata(meta(pooler, pooler, manager).build()).build();
  }

  private static Secret userlist(String pooler, String manager) {
    return new SecretBuilder().withMetadata(meta(pooler + "-u", pooler, manager).build()).build();
  }

  private static List<String> names(List<HasMetadata> objects) {
    return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
  }

  @Test
  void theObjectsOfARoleNoLongerWantedGoThoseOfTheOtherRoleStay() {
    String master = CLUSTER + "-pooler";
    String replica = CLUSTER + "-pooler-repl";
    List<HasMetadata> wanted =
        List.of(userlist(replica, "tusk"), deployment(replica, "tusk"), service(replica, "tusk"));
    List<HasMetadata> existing =
        List.of(
            deployment(master, "tusk"),
            service(master, "tusk"),
            userlist(master, "tusk"),
            deployment(replica, "tusk"),
            service(replica, "tusk"),
            userlist(replica, "tusk"));
    assertThat(names(PoolerRemoval.toRemove(CLUSTER, wanted, existing)))
        .containsExactly(
            "Deployment/acid-demo-pooler", "Service/acid-demo-pooler", "Secret/acid-demo-pooler-u");
  }

  @Test
  void objectsTuskDidNotCreateStay() {
    String master = CLUSTER + "-pooler";
    // Zalando's operator (or a user) created it: no entry of Tusk's field manager.
    assertThat(
            PoolerRemoval.toRemove(
                CLUSTER,
                List.of(),
                List.of(deployment(master, "postgres-operator"), service(master, "kubectl"))))
        .isEmpty();
    // Tusk's field manager, but not the pooler's labels.
    Deployment unlabelled = deployment(master, "tusk");
    unlabelled.getMetadata().setLabels(Map.of("cluster-name", CLUSTER));
    assertThat(PoolerRemoval.toRemove(CLUSTER, List.of(), List.of(unlabelled))).isEmpty();
    // Labelled for another pooler.
    Deployment other = deployment(master, "tusk");
    other.getMetadata().getLabels().put("connection-pooler", CLUSTER + "-pooler-repl");
    assertThat(PoolerRemoval.toRemove(CLUSTER, List.of(), List.of(other))).isEmpty();
  }

  @Test
  void otherObjectsOfTheClusterAreNotCandidates() {
    // The pooler role's credentials Secret carries the pooler labels too.
    Secret credentials =
        new SecretBuilder()
            .withMetadata(
                meta(
                        "pooler.acid-demo.credentials.postgresql.acid.zalan.do",
                        CLUSTER + "-pooler",
                        "tusk")
                    .build())
            .build();
    Service master = service(CLUSTER, "tusk");
    assertThat(PoolerRemoval.toRemove(CLUSTER, List.of(), List.of(credentials, master))).isEmpty();
  }

  @Test
  void anObjectAlreadyBeingDeletedIsNotDeletedAgain() {
    Deployment going = deployment(CLUSTER + "-pooler", "tusk");
    going.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
    assertThat(PoolerRemoval.toRemove(CLUSTER, List.of(), List.of(going))).isEmpty();
  }
}
