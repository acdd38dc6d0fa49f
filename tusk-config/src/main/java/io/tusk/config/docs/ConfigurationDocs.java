package io.tusk.config.docs;

import io.tusk.config.Option;
import io.tusk.config.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Renders the operator configuration reference ({@code docs/configuration.md}) from the option
 * table in {@link Options}, so defaults and descriptions are written exactly once.
 *
 * <p>Plays the role of Zalando's hand-written {@code docs/reference/operator_parameters.md}
 * (v2.0.1). Run {@link #main(String[])} with the output path, or run the module's tests with {@code
 * -Dtusk.docs.write=true}.
 */
public final class ConfigurationDocs {

  /** The command that regenerates the committed file, quoted in its header and in test failures. */
  public static final String REGENERATE_COMMAND =
      "mvn -B -pl tusk-config test -Dtest=ConfigurationDocsTest -Dtusk.docs.write=true";

  private static final Map<String, String> SECTION_TITLES =
      Map.ofEntries(
          Map.entry("", "General (top level of `configuration`)"),
          Map.entry("users", "Postgres system users (`users`)"),
          Map.entry("major_version_upgrade", "Major version upgrades (`major_version_upgrade`)"),
          Map.entry("kubernetes", "Kubernetes objects (`kubernetes`)"),
          Map.entry("postgres_pod_resources", "Postgres pod resources (`postgres_pod_resources`)"),
          Map.entry("timeouts", "Timeouts (`timeouts`)"),
          Map.entry("load_balancer", "Services and load balancers (`load_balancer`)"),
          Map.entry("aws_or_gcp", "Cloud storage and credentials (`aws_or_gcp`)"),
          Map.entry("logical_backup", "Logical backups (`logical_backup`)"),
          Map.entry("debug", "Debugging (`debug`)"),
          Map.entry("teams_api", "Teams API and human users (`teams_api`)"),
          Map.entry("logging_rest_api", "REST API (`logging_rest_api`)"),
          Map.entry("connection_pooler", "Connection pooler (`connection_pooler`)"),
          Map.entry("patroni", "Patroni (`patroni`)"),
          Map.entry("scalyr", "Scalyr log shipping, deprecated (`scalyr`)"));

  private ConfigurationDocs() {}

  /** Writes the documentation to {@code args[0]} (default {@code docs/configuration.md}). */
  public static void main(String[] args) throws IOException {
    Path target = Path.of(args.length > 0 ? args[0] : "docs/configuration.md");
    write(target);
    System.out.println("wrote " + target.toAbsolutePath());
  }

  /** Writes the rendered documentation to {@code target}, creating parent directories. */
  public static void write(Path target) throws IOException {
    if (target.getParent() != null) {
      Files.createDirectories(target.getParent());
    }
    Files.writeString(target, render(), StandardCharsets.UTF_8);
  }

  /** The complete Markdown text. */
  public static String render() {
    StringBuilder md = new StringBuilder();
    md.append("# Operator configuration\n\n")
        .append(
            "<!-- Generated from io.tusk.config.Options by io.tusk.config.docs.ConfigurationDocs;")
        .append(" do not edit. Regenerate with: ")
        .append(REGENERATE_COMMAND)
        .append(" -->\n\n")
        .append(
            """
            Tusk reads the same operator configuration as Zalando postgres-operator v2.0.1, from one \
            of two sources:

            * a **ConfigMap** with flat string values: lists are written `a,b`, maps `key:value,key2:value2` \
            (only the first `:` of an item separates key and value; commas inside quotes do not split), \
            durations in Go syntax (`30s`, `5m`, `1h30m`; a plain number means seconds), booleans \
            `true`/`false`. A key that is present but empty keeps the empty/zero value rather than the default, \
            as in Zalando;
            * an **OperatorConfiguration** resource (`acid.zalan.do/v1`), whose `configuration` object has the \
            sections below; lists are YAML lists, maps YAML objects, durations strings.

            Keys omitted from the source take that source's default. The two differ for some options because \
            Zalando applies its OperatorConfiguration defaults in code (`operator_config.go`), where booleans \
            without an explicit fallback become `false`. Where that would yield an unusable value (an empty \
            name template, `max_instances` = 0, an ignored `node_readiness_label`), the CRD schema default is used.

            Unknown keys are reported as warnings; unparsable values and inconsistent settings (e.g. \
            `min_instances` > `max_instances`, `workers` = 0, `connection_pooler_user` = `super_username`) \
            stop loading with an error naming every offending key. Secret values are never shown by the REST API.

            """);
    for (String section : Options.SECTIONS) {
      List<Option<?>> options =
          Options.all().stream()
              .filter(o -> o.section().equals(section))
              .sorted(Comparator.comparing(Option::key))
              .toList();
      if (options.isEmpty()) {
        continue;
      }
      md.append("## ")
          .append(SECTION_TITLES.getOrDefault(section, "`" + section + "`"))
          .append("\n\n");
      md.append(
          "| Key | Type | ConfigMap default | OperatorConfiguration default | Description |\n");
      md.append("|---|---|---|---|---|\n");
      for (Option<?> option : options) {
        md.append("| `")
            .append(option.key())
            .append("` | ")
            .append(option.type().displayName())
            .append(" | ")
            .append(formatDefault(option, option.configMapDefault()))
            .append(" | ")
            .append(
                option.isConfigMapOnly()
                    ? "n/a (ConfigMap only)"
                    : formatDefault(option, option.operatorConfigurationDefault()))
            .append(" | ")
            .append(escape(describe(option)))
            .append(" |\n");
      }
      md.append('\n');
    }
    return md.toString();
  }

  private static String describe(Option<?> option) {
    StringBuilder text = new StringBuilder(option.description());
    if (option.isSecret()) {
      text.append(" Secret: masked in the REST API and logs.");
    }
    if (!option.deprecatedKeys().isEmpty()) {
      text.append(" Also accepted under the old key ")
          .append(
              String.join(", ", option.deprecatedKeys().stream().map(k -> "`" + k + "`").toList()))
          .append('.');
    }
    return text.toString();
  }

  @SuppressWarnings("unchecked")
  private static <T> String formatDefault(Option<T> option, Object value) {
    if (value == null) {
      return "unset";
    }
    if ((value instanceof String s && s.isEmpty())
        || (value instanceof Collection<?> c && c.isEmpty())
        || (value instanceof Map<?, ?> m && m.isEmpty())) {
      return "empty";
    }
    return "`" + escape(option.type().format((T) value)) + "`";
  }

  private static String escape(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
