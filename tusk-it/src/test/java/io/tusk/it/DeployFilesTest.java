package io.tusk.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The files under deploy/ agree with each other and with what the operator needs. */
class DeployFilesTest {
  private static final Path DEPLOY =
      Path.of(System.getProperty("tusk.root.dir", "..")).resolve("deploy");
  private final KubernetesSerialization serialization = new KubernetesSerialization();

  private List<HasMetadata> load(Path file) throws IOException {
    return Arrays.stream(Files.readString(file).split("(?m)^---\\s*$"))
        .filter(doc -> doc.lines().anyMatch(l -> l.startsWith("kind:")))
        .map(doc -> (HasMetadata) serialization.unmarshal(doc))
        .toList();
  }

  private List<PolicyRule> rulesOf(String clusterRole) throws IOException {
    return load(DEPLOY.resolve("rbac.yaml")).stream()
        .filter(o -> o instanceof ClusterRole && o.getMetadata().getName().equals(clusterRole))
        .map(o -> ((ClusterRole) o).getRules())
        .findFirst()
        .orElseThrow();
  }

  private List<PolicyRule> chartRules(String file) throws IOException {
    return List.of(
        serialization.unmarshal(
            Files.readString(DEPLOY.resolve("helm/tusk/files").resolve(file)), PolicyRule[].class));
  }

  @Test
  void helmChartRbacIsTheRbacOfDeploy() throws IOException {
    assertThat(chartRules("operator-rules.yaml")).isEqualTo(rulesOf("tusk-operator"));
    assertThat(chartRules("pod-rules.yaml")).isEqualTo(rulesOf("postgres-pod"));
  }

  @Test
  void helmChartCarriesTheGeneratedCrds() throws IOException {
    try (Stream<Path> crds = Files.list(DEPLOY.resolve("crds"))) {
      List<Path> files = crds.sorted().toList();
      assertThat(files).hasSize(3);
      for (Path crd : files) {
        assertThat(DEPLOY.resolve("helm/tusk/crds").resolve(crd.getFileName()))
            .as("copy %s to deploy/helm/tusk/crds", crd.getFileName())
            .hasSameTextualContentAs(crd);
      }
    }
  }

  @Test
  void operatorRunsNonRootOnAReadOnlyRootFilesystem() throws IOException {
    Deployment d = (Deployment) load(DEPLOY.resolve("operator.yaml")).get(0);
    var pod = d.getSpec().getTemplate().getSpec();
    var container = pod.getContainers().get(0);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    assertThat(container.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("JAVA_TOOL_OPTIONS");
              assertThat(e.getValue()).contains("-Djava.io.tmpdir=/tmp");
            });
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
  }
}
