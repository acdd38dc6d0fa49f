package io.tusk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tusk.api.Crds;
import io.tusk.api.acid.v1.PostgresTeam;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code enable_crd_registration}: the operator registers the CRDs it serves when it starts, as
 * Zalando's does, with {@code crd_categories}, creating a missing one and waiting until the API
 * server has established it, under the RBAC of {@code deploy/rbac.yaml}; with the option off it
 * leaves them alone.
 */
@LocalKubernetes
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrdRegistrationIT {
  @InjectClient static KubernetesClient client;
  @InjectCluster static LocalCluster cluster;
  OperatorHarness operator;

  @AfterEach
  void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  /** The CRDs are shared by every test class: they go back to their shipped categories. */
  @AfterAll
  static void restoreCategories() {
    for (String name : List.of(Crds.POSTGRESQL, Crds.POSTGRES_TEAM)) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(name)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"spec\":{\"names\":{\"categories\":[\"all\"]}}}");
    }
  }

  private static CustomResourceDefinition crd(String name) {
    return client.apiextensions().v1().customResourceDefinitions().withName(name).get();
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Test
  @Order(1)
  void thePostgresqlCrdIsUpdatedWithTheConfiguredCategories() {
    operator =
        new OperatorHarness(cluster, Map.of("crd_categories", "all,tusk-it-databases")).start();
    CustomResourceDefinition crd = crd(Crds.POSTGRESQL);
    assertThat(crd.getSpec().getNames().getCategories())
        .containsExactly("all", "tusk-it-databases");
    assertThat(established(crd)).isTrue();
    assertThat(crd.getMetadata().getManagedFields())
        .anySatisfy(m -> assertThat(m.getManager()).isEqualTo("tusk"));
  }

  @Test
  @Order(2)
  void aMissingCrdIsCreatedAndTheOperatorStartsOnceItIsEstablished() {
    client.apiextensions().v1().customResourceDefinitions().withName(Crds.POSTGRES_TEAM).delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> crd(Crds.POSTGRES_TEAM) == null);

    operator = new OperatorHarness(cluster, Map.of("enable_postgres_team_crd", "true")).start();

    assertThat(established(crd(Crds.POSTGRES_TEAM))).isTrue();
    // It serves at once: a PostgresTeam can be created and read.
    client
        .resource(
            client
                .getKubernetesSerialization()
                .unmarshal(
                    "apiVersion: acid.zalan.do/v1\nkind: PostgresTeam\nmetadata: {name: t}\n"
                        + "spec: {additionalMembers: {acid: [jane]}}",
                    PostgresTeam.class))
        .create();
    assertThat(client.resources(PostgresTeam.class).withName("t").get()).isNotNull();
  }

  @Test
  @Order(3)
  void withRegistrationOffTheCrdsAreLeftAlone() {
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(Crds.POSTGRESQL)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"names\":{\"categories\":[\"all\",\"set-by-hand\"]}}}");
    // The API server accepts the new names in the status (a write of its own): wait for it.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                crd(Crds.POSTGRESQL)
                    .getStatus()
                    .getAcceptedNames()
                    .getCategories()
                    .contains("set-by-hand"));
    String before = crd(Crds.POSTGRESQL).getMetadata().getResourceVersion();

    operator =
        new OperatorHarness(
                cluster, Map.of("enable_crd_registration", "false", "crd_categories", "all"))
            .start();

    assertThat(crd(Crds.POSTGRESQL).getMetadata().getResourceVersion()).isEqualTo(before);
    assertThat(crd(Crds.POSTGRESQL).getSpec().getNames().getCategories())
        .containsExactly("all", "set-by-hand");
  }
}
