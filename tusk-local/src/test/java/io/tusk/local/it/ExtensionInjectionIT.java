package io.tusk.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import java.nio.file.Files;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** What a test class gets from {@link LocalKubernetes}. */
@Order(13)
@LocalKubernetes
class ExtensionInjectionIT {

  @InjectClient static KubernetesClient staticClient;
  @InjectCluster static LocalCluster staticCluster;
  @InjectClient KubernetesClient client;
  @InjectCluster LocalCluster cluster;

  @Test
  void fieldsAndParametersShareOneNamespacePerClass(
      KubernetesClient param, LocalCluster paramCluster) {
    assertThat(client).isSameAs(staticClient).isSameAs(param);
    assertThat(cluster).isSameAs(staticCluster).isSameAs(paramCluster);
    assertThat(cluster.namespace()).startsWith("extension-injection-it-");
    assertThat(client.getNamespace()).isEqualTo(cluster.namespace());
    assertThat(client.namespaces().withName(cluster.namespace()).get()).isNotNull();
    assertThat(client.serviceAccounts().withName("default").get()).isNotNull();
  }

  @Test
  void theKubeconfigAndAdminConfigReachTheSameApiServer() throws Exception {
    assertThat(Files.readString(cluster.kubeconfig())).contains(cluster.apiserverUrl());
    assertThat(cluster.kubeconfig().toString()).doesNotContain(".local/state/tusk");
    assertThat(cluster.adminConfig().getNamespace()).isEqualTo(cluster.namespace());
    client
        .configMaps()
        .resource(new ConfigMapBuilder().withNewMetadata().withName("probe").endMetadata().build())
        .create();
    try (KubernetesClient other = cluster.newClient()) {
      assertThat(other.configMaps().withName("probe").get()).isNotNull();
    }
  }
}
