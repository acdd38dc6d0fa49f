package io.tusk.local.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The role label a simulated Spilo pod's Patroni would set. */
class SimulatedRoleLabelTest {

  private static Pod spiloPod(String name, Map<String, String> labels, boolean deleting) {
    PodBuilder b =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("ns")
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("postgres")
            .addNewEnv()
            .withName("SCOPE")
            .withValue("acid")
            .endEnv()
            .addNewEnv()
            .withName("KUBERNETES_ROLE_LABEL")
            .withValue("spilo-role")
            .endEnv()
            .addNewEnv()
            .withName("KUBERNETES_SCOPE_LABEL")
            .withValue("cluster-name")
            .endEnv()
            .endContainer()
            .endSpec();
    if (deleting) {
      b.editMetadata().withDeletionTimestamp("2026-12-06T10:00:00Z").endMetadata();
    }
    return b.build();
  }

  private static final Map<String, String> CLUSTER = Map.of("cluster-name", "acid");

  @Test
  void onlyUnlabelledSpiloPodsAreLabelled() {
    Pod pod = spiloPod("acid-0", CLUSTER, false);
    assertThat(SimulatedRoleLabel.unlabelled(pod))
        .contains(new SimulatedRoleLabel.Spilo("spilo-role", "cluster-name", "acid"));
    assertThat(
            SimulatedRoleLabel.unlabelled(
                spiloPod("acid-0", Map.of("cluster-name", "acid", "spilo-role", "replica"), false)))
        .isEmpty();
    Pod plain =
        new PodBuilder()
            .withNewMetadata()
            .withName("x")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("c")
            .endContainer()
            .endSpec()
            .build();
    assertThat(SimulatedRoleLabel.unlabelled(plain)).isEmpty();
  }

  @Test
  void theFirstPodOfAClusterIsTheMasterTheOthersReplicas() {
    Pod first = spiloPod("acid-0", CLUSTER, false);
    SimulatedRoleLabel.Spilo spilo = SimulatedRoleLabel.unlabelled(first).orElseThrow();
    assertThat(SimulatedRoleLabel.role(first, spilo, List.of(first), Optional.empty()))
        .isEqualTo("master");

    Pod master = spiloPod("acid-0", Map.of("cluster-name", "acid", "spilo-role", "master"), false);
    Pod second = spiloPod("acid-1", CLUSTER, false);
    assertThat(SimulatedRoleLabel.role(second, spilo, List.of(master, second), Optional.empty()))
        .isEqualTo("replica");
    // Made master a moment ago, its label not seen yet.
    assertThat(
            SimulatedRoleLabel.role(second, spilo, List.of(first, second), Optional.of("acid-0")))
        .isEqualTo("replica");
    // A master being deleted, or of another cluster, does not count.
    Pod leaving = spiloPod("acid-0", Map.of("cluster-name", "acid", "spilo-role", "master"), true);
    Pod other = spiloPod("bcid-0", Map.of("cluster-name", "bcid", "spilo-role", "master"), false);
    assertThat(
            SimulatedRoleLabel.role(
                second, spilo, List.of(leaving, other, second), Optional.empty()))
        .isEqualTo("master");
  }

  @Test
  void aPoolerPodLabelledWithTheClusterAndMasterIsNoPatroniMember() {
    Pod pooler =
        new PodBuilder()
            .withNewMetadata()
            .withName("acid-pooler-abc")
            .withNamespace("ns")
            .withLabels(Map.of("cluster-name", "acid", "spilo-role", "master"))
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("connection-pooler")
            .addNewEnv()
            .withName("PGHOST")
            .withValue("acid")
            .endEnv()
            .endContainer()
            .endSpec()
            .build();
    Pod first = spiloPod("acid-0", CLUSTER, false);
    SimulatedRoleLabel.Spilo spilo = SimulatedRoleLabel.unlabelled(first).orElseThrow();
    assertThat(SimulatedRoleLabel.role(first, spilo, List.of(pooler, first), Optional.empty()))
        .isEqualTo("master");
  }
}
