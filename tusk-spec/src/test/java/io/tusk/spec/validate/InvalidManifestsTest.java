package io.tusk.spec.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.Fixtures;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of manifests with one value each that would fail later (in the StatefulSet or the
 * database sync) or that Zalando accepts with a log line only. Each file ({@code
 * src/test/resources/invalid-manifests}) says in its header what the validator must report: {@code
 * level} ({@code error}: the manifest is {@code Invalid}; {@code warning}: accepted, reported),
 * {@code field} (the exact JSON path), {@code reason} (a part of the message) and optionally {@code
 * config} ({@code key=value} of the operator configuration).
 */
class InvalidManifestsTest {

  private static final ObjectMapper YAML =
      new YAMLMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  record Case(String name, String level, String field, String reason, String config, String yaml) {

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> corpus() throws IOException, URISyntaxException {
    Path dir = Path.of(InvalidManifestsTest.class.getResource("/invalid-manifests").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.toString().endsWith(".yaml"))
          .sorted()
          .map(InvalidManifestsTest::read)
          .toList()
          .stream();
    }
  }

  private static Case read(Path file) {
    try {
      String text = Files.readString(file);
      Map<String, String> header = new HashMap<>();
      for (String line : text.split("\n")) {
        if (line.startsWith("# ") && line.contains(": ")) {
          int colon = line.indexOf(": ");
          header.put(line.substring(2, colon), line.substring(colon + 2));
        }
      }
      return new Case(
          file.getFileName().toString(),
          header.get("level"),
          header.get("field"),
          header.get("reason"),
          header.get("config"),
          text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static OperatorConfig config(String setting) {
    OperatorConfig config = Fixtures.config();
    if (setting == null) {
      return config;
    }
    String[] kv = setting.split("=", 2);
    return switch (kv[0]) {
      case "max_instances" -> config.withOverride(Options.MAX_INSTANCES, Integer.parseInt(kv[1]));
      case "min_instances" -> config.withOverride(Options.MIN_INSTANCES, Integer.parseInt(kv[1]));
      case "enable_sidecars" ->
          config.withOverride(Options.ENABLE_SIDECARS, Boolean.parseBoolean(kv[1]));
      default -> throw new IllegalArgumentException("unknown setting in corpus: " + setting);
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void eachValueIsReportedWithItsField(Case c) throws IOException {
    assertThat(c.level()).as("level of " + c.name()).isIn("error", "warning");
    assertThat(c.field()).as("field of " + c.name()).isNotBlank();
    assertThat(c.reason()).as("reason of " + c.name()).isNotBlank();
    Postgresql pg = YAML.readValue(c.yaml(), Postgresql.class);
    ManifestValidator.Verdict verdict = ManifestValidator.check(pg, config(c.config()));
    if (c.level().equals("error")) {
      assertThat(verdict.errors()).as(c.name()).isNotEmpty();
      assertThat(verdict.errors())
          .as(c.name())
          .anySatisfy(
              v -> {
                assertThat(v.field()).isEqualTo(c.field());
                assertThat(v.reason()).contains(c.reason());
              });
      assertThat(ManifestValidator.validate(pg, config(c.config()))).isEqualTo(verdict.errors());
    } else {
      assertThat(verdict.errors()).as(c.name()).isEmpty();
      assertThat(verdict.warnings())
          .as(c.name())
          .anySatisfy(
              v -> {
                assertThat(v.field()).isEqualTo(c.field());
                assertThat(v.reason()).contains(c.reason());
              });
    }
  }

  @Test
  void theCorpusCoversEnoughCases() throws Exception {
    List<Case> cases = corpus().toList();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(25);
    assertThat(cases).extracting(Case::level).contains("error", "warning");
  }

  @Test
  void theBaseOfTheCorpusIsValidAndWithoutWarnings() throws IOException {
    String base =
        "apiVersion: acid.zalan.do/v1\nkind: postgresql\nmetadata:\n  name: acid-corpus\n"
            + "  namespace: default\nspec:\n  teamId: acid\n  numberOfInstances: 2\n"
            + "  volume:\n    size: 1Gi\n  postgresql:\n    version: \"17\"\n";
    ManifestValidator.Verdict verdict =
        ManifestValidator.check(YAML.readValue(base, Postgresql.class), Fixtures.config());
    assertThat(verdict.errors()).isEmpty();
    assertThat(verdict.warnings()).isEmpty();
  }
}
