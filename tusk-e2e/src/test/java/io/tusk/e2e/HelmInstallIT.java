package io.tusk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.it.OperatorHarness;
import io.tusk.local.Progress;
import io.tusk.local.binaries.BinaryCache;
import io.tusk.local.binaries.BinaryResolver;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator installed as users install it: the Helm chart ({@code deploy/helm/tusk}) with Helm
 * built from {@code helm.sh/helm/v4}, and the kustomize base ({@code deploy/}). The operator runs
 * as a pod under the chart's ServiceAccount and least-privilege RBAC; the local node runs its image
 * reference ({@code ghcr.io/tusk-operator/tusk}) from the local build. It becomes Ready and makes a
 * cluster of real Patroni pods Running; a chart upgrade and the uninstall leave that cluster's pods
 * running, and the CRDs and the manifest stay. Then an overlay of the kustomize base installs the
 * operator again, in a namespace of its own; it takes the running cluster over without touching its
 * pods and carries a change of its manifest out.
 */
@LocalKubernetes
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelmInstallIT {
  static final String RELEASE = "tusk";
  static final String OPERATOR_NS = "tusk-system";
  static final String CLUSTER = "acid-helm";
  static final String KUSTOMIZE_NS = "tusk-kustomize";
  static final Duration START = Duration.ofMinutes(4);

  @InjectClient KubernetesClient client;
  @InjectCluster LocalCluster cluster;

  private Path work;
  private Path helm;
  private Path kubectl;
  private Path chart;
  private Set<String> podUids;

  record Run(int code, String out, String err) {}

  @BeforeAll
  void helmAndKubectl() throws Exception {
    // Helm's homes, outputs and the overlay; under target/ because a kustomize overlay names its
    // base by a relative path.
    work = Files.createDirectories(Path.of("target", "helm-install-it").toAbsolutePath());
    BinaryResolver binaries =
        new BinaryResolver(BinaryCache.defaultCache(), new Progress(System.out));
    helm = binaries.helm(BinaryResolver.userBinDir(null), true);
    kubectl = binaries.resolve(BinaryResolver.userBinDir(null), false).kubectl();
    chart = root().resolve("deploy/helm/tusk");
  }

  @AfterAll
  void cleanUp() throws Exception {
    if (helm != null) {
      run(helm, "uninstall", RELEASE, "-n", OPERATOR_NS, "--ignore-not-found");
    }
    client.namespaces().withName(OPERATOR_NS).delete();
    // The kustomize install, without its CRDs (later tests use them).
    client.namespaces().withName(KUSTOMIZE_NS).delete();
    client.rbac().clusterRoleBindings().withName("tusk-operator").delete();
    // Without an operator, what the cluster is made of goes by hand.
    String ns = cluster.namespace();
    client.resources(Postgresql.class).inNamespace(ns).withName(CLUSTER).delete();
    client.apps().statefulSets().inNamespace(ns).withName(CLUSTER).delete();
    await("the pods to go")
        .atMost(Duration.ofMinutes(2))
        .until(() -> new ClusterView(client, CLUSTER).pods().isEmpty());
    client.persistentVolumeClaims().inNamespace(ns).withLabel("cluster-name", CLUSTER).delete();
    client.services().inNamespace(ns).withLabel("cluster-name", CLUSTER).delete();
    client.secrets().inNamespace(ns).withLabel("cluster-name", CLUSTER).delete();
  }

  private static Path root() {
    return Path.of(System.getProperty("tusk.root.dir", "..")).toAbsolutePath().normalize();
  }

  private Run run(Path program, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(program.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("KUBECONFIG", cluster.kubeconfig().toString());
    pb.environment().put("HELM_CACHE_HOME", work.resolve("helm-cache").toString());
    pb.environment().put("HELM_CONFIG_HOME", work.resolve("helm-config").toString());
    pb.environment().put("HELM_DATA_HOME", work.resolve("helm-data").toString());
    Path out = work.resolve("out");
    Path err = work.resolve("err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(6, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not end in 6 minutes");
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private Deployment operatorDeployment() {
    return client.apps().deployments().inNamespace(OPERATOR_NS).withName(RELEASE).get();
  }

  private List<Pod> operatorPods() {
    return client.pods().inNamespace(OPERATOR_NS).withLabel("name", RELEASE).list().getItems();
  }

  private Set<String> clusterPodUids() {
    return new ClusterView(client, CLUSTER)
        .pods().stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
  }

  @Test
  @Order(1)
  void theChartPassesHelmLintAndTheKustomizeBaseBuilds() throws Exception {
    Run lint = run(helm, "lint", chart.toString());
    assertThat(lint.code()).as("helm lint: %s %s", lint.out(), lint.err()).isZero();
    assertThat(lint.out()).contains("1 chart(s) linted, 0 chart(s) failed");

    Run build = run(kubectl, "kustomize", root().resolve("deploy").toString());
    assertThat(build.code()).as("kubectl kustomize: %s", build.err()).isZero();
    assertThat(build.out())
        .contains("kind: CustomResourceDefinition", "name: postgresqls.acid.zalan.do")
        .contains("kind: ClusterRole", "kind: ServiceAccount", "kind: Deployment")
        .contains("image: ghcr.io/tusk-operator/tusk:");
    Run dryRun =
        run(kubectl, "apply", "-k", root().resolve("deploy").toString(), "--dry-run=server");
    assertThat(dryRun.code()).as("kubectl apply -k --dry-run=server: %s", dryRun.err()).isZero();
  }

  @Test
  @Order(2)
  void theChartInstallsTheOperatorAsAPodThatMakesARunningCluster() throws Exception {
    Run install =
        run(
            helm,
            "install",
            RELEASE,
            chart.toString(),
            "-n",
            OPERATOR_NS,
            "--create-namespace",
            "--set",
            "watchedNamespace=" + cluster.namespace(),
            "--wait",
            "--timeout",
            "5m");
    assertThat(install.code()).as("helm install: %s %s", install.out(), install.err()).isZero();
    Deployment d = operatorDeployment();
    assertThat(d.getStatus().getReadyReplicas()).isEqualTo(1);
    Pod pod = operatorPods().get(0);
    assertThat(pod.getSpec().getServiceAccountName()).isEqualTo(RELEASE);
    assertThat(pod.getSpec().getContainers().get(0).getImage())
        .startsWith("ghcr.io/tusk-operator/tusk:");

    client
        .resources(Postgresql.class)
        .inNamespace(cluster.namespace())
        .resource(
            client
                .getKubernetesSerialization()
                .unmarshal(
                    "apiVersion: acid.zalan.do/v1\n"
                        + "kind: postgresql\n"
                        + "metadata:\n"
                        + "  name: "
                        + CLUSTER
                        + "\n"
                        + "spec:\n"
                        + "  teamId: acid\n"
                        + "  numberOfInstances: 1\n"
                        + "  volume: {size: 1Gi}\n"
                        + "  postgresql: {version: \"17\"}\n"
                        + "  users: {app_owner: []}\n"
                        + "  databases: {app: app_owner}\n",
                    Postgresql.class))
        .create();
    OperatorHarness.awaitStatus(client, CLUSTER, "Running", START);
    await("the cluster's primary Ready")
        .atMost(START)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> new ClusterView(client, CLUSTER).readyRoles().equals(List.of("master")));
    await("the database made by the operator in its pod")
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                OperatorHarness.events(client, CLUSTER).stream()
                    .anyMatch(e -> e.getMessage().contains("created databases \"app\"")));
    podUids = clusterPodUids();
    assertThat(podUids).hasSize(1);
  }

  @Test
  @Order(3)
  void anUpgradeReplacesTheOperatorPodAndLeavesTheClusterRunning() throws Exception {
    String before = operatorPods().get(0).getMetadata().getUid();
    Run upgrade =
        run(
            helm,
            "upgrade",
            RELEASE,
            chart.toString(),
            "-n",
            OPERATOR_NS,
            "--reuse-values",
            "--set",
            "configuration.ring_log_lines=200",
            "--wait",
            "--timeout",
            "5m");
    assertThat(upgrade.code()).as("helm upgrade: %s %s", upgrade.out(), upgrade.err()).isZero();
    await("a new operator pod Ready")
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                operatorPods().stream()
                    .anyMatch(
                        p -> !p.getMetadata().getUid().equals(before) && ClusterView.ready(p)));
    assertThat(OperatorHarness.status(client, CLUSTER)).isEqualTo("Running");
    assertThat(clusterPodUids()).as("the cluster's pods were not recreated").isEqualTo(podUids);
  }

  @Test
  @Order(4)
  void uninstallRemovesTheOperatorAndLeavesTheClusterItsManifestAndTheCrds() throws Exception {
    Run uninstall = run(helm, "uninstall", RELEASE, "-n", OPERATOR_NS, "--wait");
    assertThat(uninstall.code())
        .as("helm uninstall: %s %s", uninstall.out(), uninstall.err())
        .isZero();
    await("the operator's pod gone")
        .atMost(Duration.ofMinutes(2))
        .until(() -> operatorDeployment() == null && operatorPods().isEmpty());
    assertThat(
            client
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("postgresqls.acid.zalan.do")
                .get())
        .isNotNull();
    assertThat(client.resources(Postgresql.class).withName(CLUSTER).get()).isNotNull();
    assertThat(clusterPodUids()).isEqualTo(podUids);
    assertThat(new ClusterView(client, CLUSTER).readyRoles()).isEqualTo(List.of("master"));
  }

  @Test
  @Order(5)
  void anOverlayOfTheKustomizeBaseInstallsTheOperatorThatTakesTheClusterOver() throws Exception {
    Path overlay = Files.createDirectories(work.resolve("overlay"));
    String base = overlay.relativize(root().resolve("deploy")).toString();
    Files.writeString(
        overlay.resolve("kustomization.yaml"),
        "apiVersion: kustomize.config.k8s.io/v1beta1\n"
            + "kind: Kustomization\n"
            + "namespace: "
            + KUSTOMIZE_NS
            + "\n"
            + "resources:\n"
            + "- namespace.yaml\n"
            + "- "
            + base
            + "\n"
            + "configMapGenerator:\n"
            + "- name: postgres-operator\n"
            + "  literals:\n"
            + "  - watched_namespace="
            + cluster.namespace()
            + "\n"
            + "generatorOptions:\n"
            + "  disableNameSuffixHash: true\n");
    Files.writeString(
        overlay.resolve("namespace.yaml"),
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + KUSTOMIZE_NS + "\n");

    Run apply = run(kubectl, "apply", "--server-side", "-k", overlay.toString());
    assertThat(apply.code()).as("kubectl apply -k: %s %s", apply.out(), apply.err()).isZero();
    assertThat(
            client
                .rbac()
                .clusterRoleBindings()
                .withName("tusk-operator")
                .get()
                .getSubjects()
                .get(0)
                .getNamespace())
        .as("kustomize moved the binding's ServiceAccount into the overlay's namespace")
        .isEqualTo(KUSTOMIZE_NS);
    await("the operator's Deployment Ready")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              Deployment d =
                  client
                      .apps()
                      .deployments()
                      .inNamespace(KUSTOMIZE_NS)
                      .withName("tusk-operator")
                      .get();
              return d != null
                  && d.getStatus() != null
                  && Integer.valueOf(1).equals(d.getStatus().getReadyReplicas());
            });

    client
        .resources(Postgresql.class)
        .withName(CLUSTER)
        .edit(
            p -> {
              p.getSpec().getDatabases().put("reports", "app_owner");
              return p;
            });
    await("the new database made by the operator installed by kustomize")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                OperatorHarness.events(client, CLUSTER).stream()
                    .anyMatch(e -> e.getMessage().contains("created databases \"reports\"")));
    assertThat(OperatorHarness.status(client, CLUSTER)).isEqualTo("Running");
    assertThat(clusterPodUids()).as("the cluster's pods were not recreated").isEqualTo(podUids);
  }
}
