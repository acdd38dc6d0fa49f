package io.tusk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.images.Installations;
import io.tusk.images.PostgresInstallation;
import io.tusk.operator.database.ServiceDnsPrimaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What an end-to-end test looks at in one cluster of its namespace: the pods and the roles Patroni
 * labelled them with, the Services' ClusterIPs, the credentials Secrets; and Zalando's example
 * manifests with a PostgreSQL major that is installed here.
 */
final class ClusterView {

  private final KubernetesClient client;
  private final String cluster;

  ClusterView(KubernetesClient client, String cluster) {
    this.client = client;
    this.cluster = cluster;
  }

  /** One of Zalando's example manifests (in the reference directory), as shipped. */
  static Postgresql zalandoManifest(KubernetesClient client, String file) throws IOException {
    Path path =
        Path.of(System.getProperty("tusk.reference.dir"))
            .resolve("zalando-v2.0.1/manifests")
            .resolve(file);
    try (InputStream in = Files.newInputStream(path)) {
      return client.getKubernetesSerialization().unmarshal(in, Postgresql.class);
    }
  }

  /**
   * The newest installed PostgreSQL major that satisfies {@code need}; fails saying what is
   * missing.
   */
  static int newestMajor(Predicate<PostgresInstallation> need, String what) {
    Optional<PostgresInstallation> best =
        Installations.detect().postgresInstallations().stream()
            .filter(need)
            .max(Comparator.comparingInt(PostgresInstallation::major));
    assertThat(best)
        .as("an installed PostgreSQL with %s (./tusk local install installs it)", what)
        .isPresent();
    return best.get().major();
  }

  /** The live manifest as a user edits it: no managed fields, resource version or status. */
  Postgresql current() {
    Postgresql pg = client.resources(Postgresql.class).withName(cluster).get();
    pg.getMetadata().setManagedFields(null);
    pg.getMetadata().setResourceVersion(null);
    pg.setStatus(null);
    return pg;
  }

  /** Deletes the manifest and waits up to 2 minutes until its pods are gone. */
  void deleteAndAwaitPodsGone() {
    client.resources(Postgresql.class).withName(cluster).delete();
    await("the pods to go")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> pods().isEmpty());
  }

  /** The cluster's Spilo pods (not, e.g., the pods of its logical backup jobs). */
  List<Pod> pods() {
    return client
        .pods()
        .withLabel("cluster-name", cluster)
        .withLabel("application", "spilo")
        .list()
        .getItems();
  }

  static String role(Pod p) {
    String r =
        p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get("spilo-role");
    return r == null ? "none" : r;
  }

  static boolean ready(Pod p) {
    return ServiceDnsPrimaryResolver.isReady(p);
  }

  /** The roles of the pods, sorted ("master" before "replica"), once every pod is Ready. */
  List<String> readyRoles() {
    List<Pod> pods = pods();
    if (pods.stream().anyMatch(p -> !ready(p) || p.getMetadata().getDeletionTimestamp() != null)) {
      return List.of("not all ready");
    }
    return pods.stream().map(ClusterView::role).sorted().toList();
  }

  Optional<String> readyMasterName() {
    return pods().stream()
        .filter(p -> role(p).equals("master") && ready(p))
        .map(p -> p.getMetadata().getName())
        .findFirst();
  }

  /**
   * The one Ready pod labelled master. A crashed primary keeps its label until its Patroni runs
   * again (only a member labels its own pod), but it is not Ready, so no Service selects it.
   */
  Pod masterPod() {
    List<Pod> masters = pods().stream().filter(p -> role(p).equals("master") && ready(p)).toList();
    assertThat(masters).as("Ready pods labelled master").hasSize(1);
    return masters.get(0);
  }

  String masterServiceIp() {
    return client.services().withName(cluster).get().getSpec().getClusterIP();
  }

  String replicaServiceIp() {
    return client.services().withName(cluster + "-repl").get().getSpec().getClusterIP();
  }

  /** Every credentials Secret of the cluster. */
  List<Secret> secrets() {
    return client.secrets().withLabel("cluster-name", cluster).list().getItems();
  }

  static String secretName(String user, String cluster) {
    return user.replace('_', '-') + "." + cluster + ".credentials.postgresql.acid.zalan.do";
  }

  /** A login to {@code database} through the master Service with a Secret's credentials. */
  Sql.Login login(Secret s, String database) {
    return new Sql.Login(masterServiceIp(), decode(s, "username"), decode(s, "password"), database);
  }

  Sql.Login superuser() {
    return login(client.secrets().withName(secretName("postgres", cluster)).get(), "postgres");
  }

  static String decode(Secret s, String key) {
    return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
  }
}
