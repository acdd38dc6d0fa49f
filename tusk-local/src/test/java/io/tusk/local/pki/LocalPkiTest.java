package io.tusk.local.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.tusk.local.state.StateLayout;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPkiTest {

  @TempDir static Path dir;
  static StateLayout layout;

  @BeforeAll
  static void generate() throws Exception {
    layout = new StateLayout(dir.resolve("state"));
    LocalPki.generate(layout, "https://127.0.0.1:6443");
  }

  private static X509Certificate cert(String name) throws Exception {
    try (InputStream in = Files.newInputStream(layout.pki(name))) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  @Test
  void everyCertificateIsSignedByTheCa() throws Exception {
    X509Certificate ca = cert("ca.crt");
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    for (String leaf :
        List.of(
            "kube-apiserver.crt",
            "admin.crt",
            "kube-controller-manager.crt",
            "kube-scheduler.crt",
            "node-agent.crt")) {
      X509Certificate c = cert(leaf);
      c.verify(ca.getPublicKey()); // throws if not signed by the CA
      c.checkValidity();
      assertThat(c.getBasicConstraints()).as(leaf).isEqualTo(-1);
    }
  }

  @Test
  void theFrontProxyHasItsOwnCa() throws Exception {
    X509Certificate client = cert("front-proxy-client.crt");
    client.verify(cert("front-proxy-ca.crt").getPublicKey());
    assertThat(client.getSubjectX500Principal().getName()).isEqualTo("CN=front-proxy-client");
    assertThat(client.getIssuerX500Principal())
        .isNotEqualTo(cert("ca.crt").getSubjectX500Principal());
  }

  @Test
  void apiserverCertificateCoversLoopbackAndServiceNames() throws Exception {
    Set<String> sans =
        cert("kube-apiserver.crt").getSubjectAlternativeNames().stream()
            .map(l -> l.get(1).toString())
            .collect(Collectors.toSet());
    assertThat(sans)
        .contains(
            "127.0.0.1",
            "10.96.0.1",
            "localhost",
            "kubernetes.default.svc",
            "kubernetes.default.svc.cluster.local");
    assertThat(cert("kube-apiserver.crt").getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
  }

  @Test
  void clientIdentitiesMapToKubernetesUsersAndGroups() throws Exception {
    assertThat(cert("admin.crt").getSubjectX500Principal().getName())
        .isEqualTo("CN=kubernetes-admin,O=system:masters");
    assertThat(cert("kube-controller-manager.crt").getSubjectX500Principal().getName())
        .isEqualTo("CN=system:kube-controller-manager");
    assertThat(cert("kube-scheduler.crt").getSubjectX500Principal().getName())
        .isEqualTo("CN=system:kube-scheduler");
    assertThat(cert("admin.crt").getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.2");
  }

  @Test
  void privateKeysAreOwnerOnly() throws Exception {
    for (String key : List.of("ca.key", "admin.key", "sa.key", "kube-apiserver.key")) {
      assertThat(Files.getPosixFilePermissions(layout.pki(key)))
          .extracting(Object::toString)
          .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }
    assertThat(Files.getPosixFilePermissions(layout.adminKubeconfig())).hasSize(2);
  }

  @Test
  void kubeconfigsLoadInFabric8IncludingTheEcKey() throws Exception {
    Config config = Kubeconfigs.clientConfig(layout.adminKubeconfig());
    assertThat(config.getMasterUrl()).startsWith("https://127.0.0.1:6443");
    assertThat(config.getNamespace()).isEqualTo("default");
    // Building the client builds the TLS key managers: fails if the key cannot be read.
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      assertThat(client.getMasterUrl().getPort()).isEqualTo(6443);
    }
    for (String c : List.of("kube-controller-manager", "kube-scheduler", "node-agent")) {
      assertThat(Files.readString(layout.componentKubeconfig(c)))
          .contains("server: \"https://127.0.0.1:6443\"")
          .contains("client-key-data");
    }
  }

  @Test
  void keysAreWrittenInTheFormFabric8AndGoDetect() throws Exception {
    assertThat(Files.readString(layout.pki("admin.key")))
        .startsWith("-----BEGIN EC PRIVATE KEY-----");
    assertThat(Files.readString(layout.pki("sa.pub"))).startsWith("-----BEGIN PUBLIC KEY-----");
  }

  @Test
  void tlsContextReadsTheGeneratedFiles() throws Exception {
    assertThat(
            TlsContexts.mutual(
                layout.pki("ca.crt"), layout.pki("admin.crt"), layout.pki("admin.key")))
        .isNotNull();
    assertThat(TlsContexts.readKey(layout.pki("kube-scheduler.key")).getAlgorithm())
        .isEqualTo("EC");
  }
}
