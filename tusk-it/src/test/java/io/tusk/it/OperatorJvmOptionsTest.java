package io.tusk.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The operator runs with the same JVM options wherever users start it: {@code ./tusk operator}, the
 * Deployment of deploy/operator.yaml and the Helm chart's. Only the heap's ceiling differs (a share
 * of the container's memory limit instead of a fixed size), and containers put temporary files on
 * their writable /tmp.
 */
class OperatorJvmOptionsTest {
  private static final Path ROOT = Path.of(System.getProperty("tusk.root.dir", ".."));

  /** The {@code operator_jvm_options} array of the launcher. */
  static List<String> launcherOptions() throws IOException {
    Matcher m =
        Pattern.compile("(?s)\\noperator_jvm_options=\\((.*?)\\n\\)")
            .matcher(Files.readString(ROOT.resolve("tusk")));
    assertThat(m.find()).as("operator_jvm_options=( ... ) in ./tusk").isTrue();
    return Arrays.stream(m.group(1).trim().split("\\s+")).toList();
  }

  /** What a container's JAVA_TOOL_OPTIONS must hold: the launcher's, sized by the limit. */
  static List<String> containerOptions() throws IOException {
    List<String> expected = new ArrayList<>();
    expected.add("-Djava.io.tmpdir=/tmp");
    for (String o : launcherOptions()) {
      expected.add(o.startsWith("-Xmx") ? "-XX:MaxRAMPercentage=50" : o);
    }
    return expected;
  }

  private static String env(List<EnvVar> env, String name) {
    return env.stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst()
        .orElse(null);
  }

  @Test
  void theLauncherRunsTheOperatorWithSerialGcAndASmallGrowingHeap() throws IOException {
    assertThat(launcherOptions())
        .contains(
            "-XX:+UseSerialGC", "-Xms16m", "-XX:MaxHeapFreeRatio=30", "-XX:TieredStopAtLevel=1")
        .anyMatch(o -> o.startsWith("-Xmx"));
    assertThat(Files.readString(ROOT.resolve("tusk")))
        .contains("export MALLOC_ARENA_MAX=\"${MALLOC_ARENA_MAX:-2}\"");
  }

  @Test
  void deploymentRunsTheOperatorWithTheLauncherOptions() throws IOException {
    Deployment d =
        new KubernetesSerialization()
            .unmarshal(Files.readString(ROOT.resolve("deploy/operator.yaml")), Deployment.class);
    List<EnvVar> env = d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    assertThat(List.of(env(env, "JAVA_TOOL_OPTIONS").split(" ")))
        .containsExactlyElementsOf(containerOptions());
    assertThat(env(env, "MALLOC_ARENA_MAX")).isEqualTo("2");
  }

  @Test
  void helmChartRunsTheOperatorWithTheLauncherOptions() throws IOException {
    String template = Files.readString(ROOT.resolve("deploy/helm/tusk/templates/deployment.yaml"));
    Matcher options =
        Pattern.compile("- name: JAVA_TOOL_OPTIONS\\n(?:\\s*#.*\\n)*\\s*value: \"([^\"]*)\"")
            .matcher(template);
    assertThat(options.find()).as("JAVA_TOOL_OPTIONS in the chart's Deployment").isTrue();
    assertThat(List.of(options.group(1).split(" "))).containsExactlyElementsOf(containerOptions());
    assertThat(template).containsPattern("- name: MALLOC_ARENA_MAX\\n\\s*value: \"2\"");
  }
}
