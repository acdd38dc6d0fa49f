package io.tusk.config.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.config.Option;
import io.tusk.config.Options;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigurationDocsTest {

  /** docs/configuration.md of this checkout. */
  private static Path docsFile() {
    String root = System.getProperty("tusk.root.dir");
    Path base = root != null && !root.isBlank() ? Path.of(root) : Path.of("..");
    return base.resolve("docs").resolve("configuration.md");
  }

  @Test
  void committedDocumentationMatchesTheOptionTable() throws Exception {
    String generated = ConfigurationDocs.render();
    Path file = docsFile();
    if (Boolean.getBoolean("tusk.docs.write")) {
      ConfigurationDocs.write(file);
    }
    assertThat(file)
        .as("%s is missing; regenerate it with: %s", file, ConfigurationDocs.REGENERATE_COMMAND)
        .exists();
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .as(
            "%s is out of date with io.tusk.config.Options; regenerate it with: %s",
            file, ConfigurationDocs.REGENERATE_COMMAND)
        .isEqualTo(generated);
  }

  @Test
  void everyOptionAppearsInItsSectionTable() {
    String markdown = ConfigurationDocs.render();
    for (Option<?> option : Options.all()) {
      assertThat(markdown).contains("| `" + option.key() + "` |");
    }
    assertThat(markdown)
        .contains("## Services and load balancers (`load_balancer`)")
        .contains("| `enable_master_load_balancer` | boolean | `true` | `false` |")
        .contains("| `resync_period` | duration | `30m` | `30m` |")
        .contains("| `cluster_labels` | map | `application:spilo` | `application:spilo` |")
        .contains("| `enable_load_balancer` | boolean | unset | n/a (ConfigMap only) |")
        .contains("| `spilo_runasuser` | integer | unset | unset |");
  }
}
