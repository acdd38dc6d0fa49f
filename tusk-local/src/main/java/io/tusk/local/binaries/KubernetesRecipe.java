package io.tusk.local.binaries;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds kube-apiserver, kube-controller-manager, kube-scheduler and kubectl from the upstream
 * {@code k8s.io/kubernetes} module. That module is not meant to be depended on: its go.mod points
 * every {@code k8s.io/*} staging module at {@code ./staging/src/...}, which does not exist in the
 * module zip, and requires them at {@code v0.0.0}. The wrapper module therefore replaces each
 * staging module with its published {@code v0.<minor>.<patch>} tag. The list of staging modules is
 * read from the upstream go.mod rather than hard-coded, so a version bump needs no code change.
 */
public final class KubernetesRecipe {

  /** Programs we build, in the order we build them (kubectl last: only users and tests need it). */
  public static final Map<String, String> PROGRAMS = programs();

  private static final Pattern STAGING_REPLACE =
      Pattern.compile(
          "^\\s*(?:replace\\s+)?(k8s\\.io/[A-Za-z0-9._/-]+)\\s*=>\\s*\\./staging/src/\\S+\\s*$");

  private KubernetesRecipe() {}

  private static Map<String, String> programs() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("kube-apiserver", "k8s.io/kubernetes/cmd/kube-apiserver");
    p.put("kube-controller-manager", "k8s.io/kubernetes/cmd/kube-controller-manager");
    p.put("kube-scheduler", "k8s.io/kubernetes/cmd/kube-scheduler");
    p.put("kubectl", "k8s.io/kubernetes/cmd/kubectl");
    return p;
  }

  /**
   * Module paths that the upstream go.mod maps to {@code ./staging/src/...}, in file order.
   *
   * @param upstreamGoMod the text of {@code k8s.io/kubernetes}'s go.mod
   */
  public static List<String> stagingModules(String upstreamGoMod) {
    List<String> modules = new ArrayList<>();
    for (String line : upstreamGoMod.split("\n")) {
      Matcher m = STAGING_REPLACE.matcher(line);
      if (m.matches() && !modules.contains(m.group(1))) {
        modules.add(m.group(1));
      }
    }
    return modules;
  }

  /** Staging modules are tagged {@code v0.X.Y} for Kubernetes {@code v1.X.Y}. */
  public static String stagingVersion(String kubernetesVersion) {
    if (!kubernetesVersion.matches("v1\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?")) {
      throw new IllegalArgumentException("not a Kubernetes release version: " + kubernetesVersion);
    }
    return "v0" + kubernetesVersion.substring(2);
  }

  /**
   * The build recipe for {@code version}.
   *
   * @param version e.g. {@code v1.34.4}
   * @param upstreamGoMod the go.mod of {@code k8s.io/kubernetes@version}
   */
  public static GoBuildRecipe recipe(String version, String upstreamGoMod) {
    List<String> staging = stagingModules(upstreamGoMod);
    if (staging.isEmpty()) {
      throw new IllegalArgumentException(
          "the go.mod of k8s.io/kubernetes " + version + " lists no ./staging/src replacements");
    }
    String stagingVersion = stagingVersion(version);
    Map<String, String> replaces = new LinkedHashMap<>();
    staging.forEach(m -> replaces.put(m, stagingVersion));
    String[] parts = version.substring(1).split("[.-]");
    List<String> ldflags =
        List.of(
            "-s",
            "-w",
            "-X k8s.io/component-base/version.gitVersion=" + version,
            "-X k8s.io/component-base/version.gitMajor=" + parts[0],
            "-X k8s.io/component-base/version.gitMinor=" + parts[1]);
    return new GoBuildRecipe(
        "kubernetes",
        version,
        "tusk.local/k8sbuild",
        goDirective(upstreamGoMod, "1.24.0"),
        Map.of("k8s.io/kubernetes", version),
        replaces,
        PROGRAMS,
        ldflags);
  }

  /**
   * The {@code go} directive of an upstream go.mod, so that language and GODEBUG defaults match.
   */
  static String goDirective(String goMod, String fallback) {
    for (String line : goMod.split("\n")) {
      String t = line.trim();
      if (t.startsWith("go ")) {
        return t.substring(3).trim();
      }
    }
    return fallback;
  }
}
