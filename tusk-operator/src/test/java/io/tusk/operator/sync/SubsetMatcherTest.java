package io.tusk.operator.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubsetMatcherTest {
  private final SubsetMatcher matcher = new SubsetMatcher(new KubernetesSerialization());

  private static Service service(String type, Map<String, String> labels) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName("acid")
        .withNamespace("ns")
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withType(type)
        .addNewPort()
        .withName("postgresql")
        .withPort(5432)
        .endPort()
        .endSpec()
        .build();
  }

  @Test
  void serverDefaultsAndForeignLabelsAreNotDrift() {
    Service desired = service("ClusterIP", Map.of("application", "spilo"));
    Service actual =
        new ServiceBuilder(service("ClusterIP", Map.of("application", "spilo", "other", "x")))
            .editMetadata()
            .withResourceVersion("42")
            .withUid("u")
            .endMetadata()
            .editSpec()
            .withClusterIP("10.96.0.10")
            .withSessionAffinity("None")
            .editFirstPort()
            .withProtocol("TCP")
            .endPort()
            .endSpec()
            .build();
    assertThat(matcher.firstDifference(desired, actual)).isEmpty();
  }

  @Test
  void changedValueIsReportedWithItsPath() {
    assertThat(
            matcher.firstDifference(
                service("LoadBalancer", Map.of()), service("ClusterIP", Map.of())))
        .contains(".spec.type");
  }

  @Test
  void missingLabelIsDrift() {
    assertThat(
            matcher.firstDifference(
                service("ClusterIP", Map.of("team", "acid")), service("ClusterIP", Map.of())))
        .contains(".metadata.labels");
  }

  @Test
  void listsMustHaveTheSameLength() {
    Service desired = service("ClusterIP", Map.of());
    Service actual =
        new ServiceBuilder(desired)
            .editSpec()
            .addNewPort()
            .withPort(8008)
            .endPort()
            .endSpec()
            .build();
    assertThat(matcher.firstDifference(desired, actual)).contains(".spec.ports");
  }

  @Test
  void quantitiesCompareByValue() {
    Container want =
        new ContainerBuilder()
            .withName("postgres")
            .withNewResources()
            .addToLimits("cpu", new Quantity("1000m"))
            .addToLimits("memory", new Quantity("1024Mi"))
            .endResources()
            .build();
    Container have =
        new ContainerBuilder()
            .withName("postgres")
            .withNewResources()
            .addToLimits("cpu", new Quantity("1"))
            .addToLimits("memory", new Quantity("1Gi"))
            .endResources()
            .build();
    StatefulSet desired =
        new StatefulSetBuilder()
            .withNewMetadata()
            .withName("a")
            .endMetadata()
            .withNewSpec()
            .withNewTemplate()
            .withNewSpec()
            .withContainers(want)
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    StatefulSet actual =
        new StatefulSetBuilder(desired)
            .editSpec()
            .editTemplate()
            .editSpec()
            .withContainers(have)
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    assertThat(matcher.firstDifference(desired, actual)).isEmpty();

    StatefulSet bigger =
        new StatefulSetBuilder(desired)
            .editSpec()
            .editTemplate()
            .editSpec()
            .withContainers(
                new ContainerBuilder(have)
                    .editResources()
                    .addToLimits("cpu", new Quantity("2"))
                    .endResources()
                    .build())
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    assertThat(matcher.firstDifference(desired, bigger))
        .contains(".spec.template.spec.containers[0].resources.limits.cpu");
  }

  @Test
  void secretStringDataMatchesStoredData() {
    Secret desired =
        new SecretBuilder()
            .withNewMetadata()
            .withName("s")
            .endMetadata()
            .addToStringData("username", "postgres")
            .build();
    Secret stored =
        new SecretBuilder()
            .withNewMetadata()
            .withName("s")
            .endMetadata()
            .addToData("username", "cG9zdGdyZXM=")
            .addToData("password", "eA==")
            .build();
    assertThat(matcher.firstDifference(desired, stored)).isEmpty();
    Secret other = new SecretBuilder(stored).addToData("username", "b3RoZXI=").build();
    assertThat(matcher.firstDifference(desired, other)).contains(".data.username");
  }
}
