package io.tusk.ui.form;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterFormTest {

  private static Map<String, String> fields() {
    Map<String, String> f = new HashMap<>();
    f.put("team", "acid");
    f.put("name", "orders");
    f.put("namespace", "shop");
    f.put("version", "17");
    f.put("instances", "3");
    f.put("volumeSize", "5Gi");
    f.put("storageClass", "");
    f.put("users", "app_owner: superuser, CreateDB\nreader\n");
    f.put("databases", "orders: app_owner\n");
    f.put("masterPooler", "on");
    f.put("cpuRequest", "250m");
    f.put("memoryRequest", "");
    f.put("cpuLimit", "");
    f.put("memoryLimit", "1Gi");
    f.put("allowedSourceRanges", "10.0.0.0/8, 192.168.0.0/16");
    return f;
  }

  @Test
  @SuppressWarnings("unchecked")
  void theManifestCarriesTheTeamPrefixAndEveryFieldGiven() {
    ClusterForm form = ClusterForm.of(fields());

    assertThat(form.problems()).isEmpty();
    Map<String, Object> m = form.manifest();
    assertThat(m)
        .containsEntry("apiVersion", "acid.zalan.do/v1")
        .containsEntry("kind", "postgresql");
    assertThat((Map<String, Object>) m.get("metadata"))
        .containsEntry("name", "acid-orders")
        .containsEntry("namespace", "shop");
    Map<String, Object> spec = (Map<String, Object>) m.get("spec");
    assertThat(spec)
        .containsEntry("teamId", "acid")
        .containsEntry("numberOfInstances", 3)
        .containsEntry("postgresql", Map.of("version", "17"))
        .containsEntry("volume", Map.of("size", "5Gi"))
        .containsEntry(
            "users", Map.of("app_owner", List.of("superuser", "createdb"), "reader", List.of()))
        .containsEntry("databases", Map.of("orders", "app_owner"))
        .containsEntry("enableConnectionPooler", true)
        .containsEntry(
            "resources",
            Map.of("requests", Map.of("cpu", "250m"), "limits", Map.of("memory", "1Gi")))
        .containsEntry("allowedSourceRanges", List.of("10.0.0.0/8", "192.168.0.0/16"))
        .doesNotContainKey("enableReplicaConnectionPooler");
  }

  @Test
  void aNameThatAlreadyHasThePrefixKeepsIt() {
    Map<String, String> f = fields();
    f.put("name", "acid-orders");
    assertThat(ClusterForm.of(f).clusterName()).isEqualTo("acid-orders");
  }

  @Test
  void problemsNameTheFieldAndTheReason() {
    Map<String, String> f = fields();
    f.put("name", "Orders_1");
    f.put("instances", "0");
    f.put("databases", "orders\n");
    f.put("users", "9bad\n");
    f.put("team", "");

    assertThat(ClusterForm.of(f).problems())
        .containsExactlyInAnyOrder(
            "team: is required",
            "name: lowercase letters, digits and '-', starting with a letter",
            "instances: at least 1",
            "users: '9bad' is not a valid name",
            "databases: 'orders' needs an owner (name: owner)");
  }

  @Test
  @SuppressWarnings("unchecked")
  void anInvalidFormStillPreviewsAManifestWithoutTheBadLines() {
    Map<String, String> f = fields();
    f.put("databases", "orders\nreports: app_owner\n");
    f.put("instances", "");
    f.put("namespace", "Not_A_Namespace");

    ClusterForm form = ClusterForm.of(f);
    Map<String, Object> spec = (Map<String, Object>) form.manifest().get("spec");

    assertThat(spec).containsEntry("databases", Map.of("reports", "app_owner"));
    assertThat(form.problems())
        .contains(
            "instances: at least 1",
            "namespace: not a valid namespace name",
            "databases: 'orders' needs an owner (name: owner)");
  }

  @Test
  void aNameTooLongWithThePrefixIsRefused() {
    Map<String, String> f = fields();
    f.put("name", "x".repeat(50));
    assertThat(ClusterForm.of(f).problems())
        .containsExactly("name: at most 53 characters with the team prefix");
  }
}
