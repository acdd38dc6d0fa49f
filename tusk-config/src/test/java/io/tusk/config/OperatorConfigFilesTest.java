package io.tusk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorConfigFilesTest {

  @Test
  void detectsAConfigMap() {
    LoadResult result =
        OperatorConfigFiles.load(ReferenceFiles.manifests().resolve("configmap.yaml"));
    assertThat(result.config().source()).isEqualTo(Source.CONFIGMAP);
    assertThat(result.config().get(Options.WATCHED_NAMESPACE)).isEqualTo("*");
  }

  @Test
  void detectsAnOperatorConfiguration() {
    LoadResult result =
        OperatorConfigFiles.load(
            ReferenceFiles.manifests().resolve("postgresql-operator-default-configuration.yaml"));
    assertThat(result.config().source()).isEqualTo(Source.OPERATOR_CONFIGURATION);
    assertThat(result.config().get(Options.ENABLE_TEAMS_API)).isFalse();
  }

  @Test
  void acceptsJsonAndUnquotedConfigMapScalars() {
    LoadResult json =
        OperatorConfigFiles.load(
            "{\"apiVersion\":\"acid.zalan.do/v1\",\"kind\":\"OperatorConfiguration\","
                + "\"configuration\":{\"workers\":3}}");
    assertThat(json.config().get(Options.WORKERS)).isEqualTo(3);

    LoadResult yaml =
        OperatorConfigFiles.load("kind: ConfigMap\ndata:\n  workers: 6\n  debug_logging: false\n");
    assertThat(yaml.config().get(Options.WORKERS)).isEqualTo(6);
    assertThat(yaml.config().get(Options.DEBUG_LOGGING)).isFalse();
  }

  @Test
  void picksTheConfigurationOutOfAMultiDocumentFile() {
    LoadResult result =
        OperatorConfigFiles.load(
            "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: x}\n---\n"
                + "apiVersion: v1\nkind: ConfigMap\ndata: {workers: \"2\"}\n");
    assertThat(result.config().get(Options.WORKERS)).isEqualTo(2);
  }

  @Test
  void rejectsOtherKindsClearly() {
    assertThatThrownBy(
            () ->
                OperatorConfigFiles.load(
                    ReferenceFiles.manifests().resolve("minimal-postgres-manifest.yaml")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining(
            "expected a ConfigMap or an OperatorConfiguration (acid.zalan.do/v1), but found kind postgresql");
    assertThatThrownBy(() -> OperatorConfigFiles.load(""))
        .hasMessageContaining("but found no document");
    assertThatThrownBy(() -> OperatorConfigFiles.load("kind: ConfigMap\n---\nkind: ConfigMap\n"))
        .hasMessageContaining("found 2 configuration documents");
    assertThatThrownBy(() -> OperatorConfigFiles.load("kind: [unclosed"))
        .hasMessageContaining("not valid YAML or JSON");
    assertThatThrownBy(
            () ->
                OperatorConfigFiles.load(
                    "kind: OperatorConfiguration\napiVersion: acid.zalan.do/v2\n"))
        .hasMessageContaining("must be acid.zalan.do/v1");
    assertThatThrownBy(() -> OperatorConfigFiles.load("kind: ConfigMap\ndata: {sidecars: [a]}\n"))
        .hasMessageContaining("sidecars: ConfigMap values must be strings");
  }

  @Test
  void reportsUnreadableFiles(@TempDir Path dir) {
    assertThatThrownBy(() -> OperatorConfigFiles.load(dir.resolve("missing.yaml")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("cannot read configuration file");
  }

  @Test
  void loadsFromAPath(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cm.yaml");
    Files.writeString(file, "kind: ConfigMap\ndata: {resync_period: 10m}\n");
    assertThat(OperatorConfigFiles.load(file).config().get(Options.RESYNC_PERIOD)).hasMinutes(10);
  }
}
