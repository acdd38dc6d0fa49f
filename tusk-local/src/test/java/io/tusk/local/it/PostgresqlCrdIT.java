package io.tusk.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.tusk.api.Crds;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.LocalKubernetes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The control plane serves Tusk's CRDs, and the API server enforces their schema. */
@Order(12)
@LocalKubernetes
class PostgresqlCrdIT {

  @InjectClient static KubernetesClient client;

  private static MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      postgresqls() {
    return client.genericKubernetesResources("acid.zalan.do/v1", "postgresql");
  }

  private static String manifest(String name) throws Exception {
    return Files.readString(
        Path.of(System.getProperty("tusk.reference.dir"), "zalando-v2.0.1/manifests", name));
  }

  @Test
  void allTuskCrdsAreInstalled() {
    for (String name : Crds.names()) {
      assertThat(client.apiextensions().v1().customResourceDefinitions().withName(name).get())
          .as(name)
          .isNotNull();
    }
  }

  @Test
  void zalandosMinimalManifestIsAccepted() throws Exception {
    GenericKubernetesResource pg =
        client
            .getKubernetesSerialization()
            .unmarshal(manifest("minimal-postgres-manifest.yaml"), GenericKubernetesResource.class);
    pg.getMetadata().setNamespace(null);
    postgresqls().resource(pg).create();
    assertThat(postgresqls().withName(pg.getMetadata().getName()).get()).isNotNull();
  }

  @Test
  void aManifestViolatingTheSchemaIsRejected() {
    String invalid =
        """
        apiVersion: acid.zalan.do/v1
        kind: postgresql
        metadata:
          name: acid-invalid
        spec:
          teamId: acid
          numberOfInstances: three
          volume:
            size: 1Gi
          postgresql:
            version: "17"
        """;
    GenericKubernetesResource pg =
        client.getKubernetesSerialization().unmarshal(invalid, GenericKubernetesResource.class);
    assertThatThrownBy(() -> postgresqls().resource(pg).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getMessage()).contains("spec.numberOfInstances");
            });
    assertThat(postgresqls().withName("acid-invalid").get()).isNull();
  }

  @Test
  void aManifestMissingRequiredFieldsIsRejected() {
    String invalid =
        """
        apiVersion: acid.zalan.do/v1
        kind: postgresql
        metadata:
          name: acid-incomplete
        spec:
          teamId: acid
        """;
    GenericKubernetesResource pg =
        client.getKubernetesSerialization().unmarshal(invalid, GenericKubernetesResource.class);
    assertThatThrownBy(() -> postgresqls().resource(pg).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
        .hasMessageContaining("Required value");
  }
}
