package io.tusk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {

  @Test
  void equalSnapshotsAreEqualAndChangesAreVisible() {
    OperatorConfig a = ConfigMapLoader.load(Map.of("workers", "4")).config();
    OperatorConfig b = ConfigMapLoader.load(Map.of("workers", "4")).config();
    OperatorConfig c = ConfigMapLoader.load(Map.of("workers", "5")).config();

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
    assertThat(OperatorConfig.defaults(Source.CONFIGMAP))
        .isNotEqualTo(OperatorConfig.defaults(Source.OPERATOR_CONFIGURATION));
  }

  @Test
  void withOverrideReturnsAChangedCopy() {
    OperatorConfig base = OperatorConfig.defaults(Source.CONFIGMAP);
    OperatorConfig changed = base.withOverride(Options.RESYNC_PERIOD, Duration.ofMinutes(1));

    assertThat(changed.get(Options.RESYNC_PERIOD)).isEqualTo(Duration.ofMinutes(1));
    assertThat(base.get(Options.RESYNC_PERIOD)).isEqualTo(Duration.ofMinutes(30));
    assertThat(changed.source()).isEqualTo(Source.CONFIGMAP);
    assertThat(changed).isNotEqualTo(base);
  }

  @Test
  void watchedNamespaceFromTheEnvironmentWinsWhenSet() {
    OperatorConfig config = ConfigMapLoader.load(Map.of("watched_namespace", "apps")).config();

    assertThat(config.withWatchedNamespace(null)).isSameAs(config);
    assertThat(config.withWatchedNamespace("").get(Options.WATCHED_NAMESPACE)).isEqualTo("apps");
    assertThat(config.withWatchedNamespace("*").get(Options.WATCHED_NAMESPACE)).isEqualTo("*");
    assertThat(config.effectiveWatchedNamespace("operators")).isEqualTo("apps");
    assertThat(OperatorConfig.defaults(Source.CONFIGMAP).effectiveWatchedNamespace("operators"))
        .isEqualTo("operators");
  }

  @Test
  void displayMapMasksSecretsAndUsesPlainJsonValues() {
    OperatorConfig config =
        ConfigMapLoader.load(
                Map.of(
                    "logical_backup_s3_secret_access_key", "s3cr3t-value",
                    "logical_backup_azure_storage_account_key", "azure-k3y",
                    "logical_backup_s3_access_key_id", "AKIAEXAMPLE"))
            .config();
    Map<String, Object> display = config.toDisplayMap();

    assertThat(display).containsEntry("logical_backup_s3_secret_access_key", OperatorConfig.MASK);
    assertThat(display)
        .containsEntry("logical_backup_azure_storage_account_key", OperatorConfig.MASK);
    assertThat(display).containsEntry("scalyr_api_key", "");
    assertThat(display).containsEntry("logical_backup_s3_access_key_id", "AKIAEXAMPLE");
    assertThat(display).containsEntry("resync_period", "30m");
    assertThat(display).containsEntry("workers", 8);
    assertThat(display).containsEntry("cluster_labels", Map.of("application", "spilo"));
    assertThat(display)
        .containsKeys(Options.all().stream().map(Option::key).toArray(String[]::new));
    assertThat(display.toString()).doesNotContain("s3cr3t-value").doesNotContain("azure-k3y");
    assertThat(config.toString()).doesNotContain("s3cr3t-value").doesNotContain("azure-k3y");
    // the real value stays available to the code that needs it
    assertThat(config.get(Options.LOGICAL_BACKUP_S3_SECRET_ACCESS_KEY)).isEqualTo("s3cr3t-value");
  }

  @Test
  void structuredValuesCannotBeChangedThroughTheSnapshot() {
    OperatorConfig config =
        OperatorConfig.defaults(Source.OPERATOR_CONFIGURATION)
            .withOverride(
                Options.SIDECARS,
                List.of(new ContainerBuilder().withName("exporter").withImage("e:1").build()));
    config.get(Options.SIDECARS).get(0).setImage("changed");

    assertThat(config.get(Options.SIDECARS).get(0).getImage()).isEqualTo("e:1");
    assertThatThrownBy(() -> config.get(Options.CLUSTER_LABELS).put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(config.toDisplayMap().get("sidecars"))
        .isEqualTo(List.of(Map.of("name", "exporter", "image", "e:1")));
  }
}
