package io.tusk.spec.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.tusk.spec.spilo.EnvVars;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ported from Zalando's cluster_test.go#TestComparePorts, TestCompareVolumeMounts and
 * TestCompareEnv.
 */
class ContainerComparisonTest {

  private static final String SPILO =
      "{\"postgresql\":{\"bin_dir\":\"/usr/lib/postgresql/12/bin\"},\"bootstrap\":{\"initdb\":[],\"dcs\":{\"ttl\":30,\"loop_wait\":10}}}";
  private static final String SPILO_DCS_DIFF =
      "{\"postgresql\":{\"bin_dir\":\"/usr/lib/postgresql/12/bin\"},\"bootstrap\":{\"initdb\":[],\"dcs\":{\"loop_wait\":10}}}";

  private static List<String> differences(Container a, Container b) {
    List<String> reasons = new ArrayList<>();
    List<JsonNode> current = List.of(NormalizedTree.of(a));
    List<JsonNode> desired = List.of(NormalizedTree.of(b));
    ContainerComparison.compare("statefulset containers", current, desired, false, reasons);
    return reasons;
  }

  private static Container withPorts(ContainerPort... ports) {
    return new ContainerBuilder().withName("c").withImage("i").withPorts(ports).build();
  }

  private static ContainerPort port(String name, int port, String protocol) {
    return new ContainerPortBuilder()
        .withName(name)
        .withContainerPort(port)
        .withProtocol(protocol)
        .build();
  }

  @Test
  void ports() {
    assertThat(
            differences(
                withPorts(port("metrics", 9187, "TCP")), withPorts(port("http", 80, "TCP"))))
        .containsExactly(
            "new statefulset containers's c (index 0) ports do not match the current one");
    assertThat(
            differences(
                withPorts(port("metrics", 9187, "TCP")), withPorts(port("metrics", 9187, "TCP"))))
        .isEmpty();
    assertThat(
            differences(
                withPorts(port("metrics", 9187, "TCP"), port("http", 80, "TCP")),
                withPorts(port("http", 80, "TCP"), port("metrics", 9187, "TCP"))))
        .isEmpty();
    assertThat(
            differences(
                withPorts(port("metrics", 9187, "TCP")), withPorts(port("metrics", 9187, null))))
        .isEmpty();
    assertThat(
            differences(
                withPorts(port("metrics", 9187, "TCP")), withPorts(port("metrics", 9187, "UDP"))))
        .hasSize(1);
  }

  private static Container withMounts(List<VolumeMount> mounts) {
    return new ContainerBuilder().withName("c").withImage("i").withVolumeMounts(mounts).build();
  }

  private static VolumeMount mount(
      String name, String path, String subPath, String expr, boolean readOnly) {
    return new VolumeMountBuilder()
        .withName(name)
        .withMountPath(path)
        .withSubPath(subPath)
        .withSubPathExpr(expr)
        .withReadOnly(readOnly)
        .build();
  }

  @Test
  void volumeMounts() {
    assertThat(differences(withMounts(List.of()), withMounts(null))).isEmpty();
    VolumeMount data = mount("data", "/data", "subdir", null, false);
    VolumeMount dataExpr = mount("data", "/data", null, "$(POD_NAME)", false);
    VolumeMount etc = mount("etc", "/etc", null, null, true);
    VolumeMount poddata = mount("poddata", "/poddata", null, "$(POD_NAME)", false);
    assertThat(differences(withMounts(List.of(data)), withMounts(List.of(data)))).isEmpty();
    assertThat(differences(withMounts(List.of(dataExpr)), withMounts(List.of(data))))
        .containsExactly(
            "new statefulset containers's c (index 0) volume mounts do not match the current one");
    assertThat(differences(withMounts(List.of(data, poddata)), withMounts(List.of(data, etc))))
        .hasSize(1);
    assertThat(differences(withMounts(List.of(data, etc)), withMounts(List.of(etc, data))))
        .isEmpty();
    assertThat(differences(withMounts(List.of(data, etc)), withMounts(List.of(data)))).hasSize(1);
    // readOnly: false is what the server omits
    VolumeMount implicit =
        new VolumeMountBuilder()
            .withName("data")
            .withMountPath("/data")
            .withSubPath("subdir")
            .build();
    assertThat(differences(withMounts(List.of(implicit)), withMounts(List.of(data)))).isEmpty();
  }

  private static Container withEnv(EnvVar... env) {
    return new ContainerBuilder().withName("c").withImage("i").withEnv(env).build();
  }

  @Test
  void environment() {
    Container reference =
        withEnv(
            EnvVars.value("VARIABLE1", "value1"),
            EnvVars.value("VARIABLE2", "value2"),
            EnvVars.value("VARIABLE3", "value3"),
            EnvVars.value("SPILO_CONFIGURATION", SPILO));
    assertThat(differences(reference, reference)).isEmpty();
    assertThat(
            differences(
                reference,
                withEnv(
                    EnvVars.value("VARIABLE1", "value1"),
                    EnvVars.value("VARIABLE2", "value2"),
                    EnvVars.value("VARIABLE3", "value3"),
                    EnvVars.value("SPILO_CONFIGURATION", SPILO_DCS_DIFF))))
        .isEmpty();
    assertThat(
            differences(
                reference,
                withEnv(
                    EnvVars.value("VARIABLE4", "value4"),
                    EnvVars.value("VARIABLE2", "value2"),
                    EnvVars.value("VARIABLE3", "value3"),
                    EnvVars.value("SPILO_CONFIGURATION", SPILO))))
        .hasSize(1);
    assertThat(
            differences(
                reference,
                withEnv(
                    EnvVars.value("VARIABLE1", "value1"),
                    EnvVars.value("VARIABLE2", "value2"),
                    EnvVars.value("VARIABLE3", "value3"),
                    EnvVars.value("VARIABLE4", "value4"),
                    EnvVars.value("SPILO_CONFIGURATION", SPILO))))
        .hasSize(1);
    assertThat(
            differences(
                reference,
                withEnv(
                    EnvVars.value("VARIABLE1", "value1"),
                    EnvVars.value("VARIABLE2", "value2"),
                    EnvVars.value("SPILO_CONFIGURATION", SPILO))))
        .hasSize(1);
    // a downward-API reference with and without the defaulted apiVersion
    EnvVar withVersion = EnvVars.fieldRef("POD_IP", "status.podIP");
    EnvVar withoutVersion =
        new io.fabric8.kubernetes.api.model.EnvVarBuilder()
            .withName("POD_IP")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("status.podIP")
            .endFieldRef()
            .endValueFrom()
            .build();
    assertThat(differences(withEnv(withVersion), withEnv(withoutVersion))).isEmpty();
    assertThat(
            differences(
                withEnv(EnvVars.secretKeyRef("P", "a", "password")),
                withEnv(EnvVars.secretKeyRef("P", "b", "password"))))
        .hasSize(1);
  }
}
