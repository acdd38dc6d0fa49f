package io.tusk.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.api.acid.v1.UnknownFields;
import io.tusk.config.LoadResult;
import io.tusk.config.OperatorConfig;
import io.tusk.config.OperatorConfigFiles;
import io.tusk.config.Source;
import io.tusk.spec.ClusterBuilder;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.validate.ManifestValidator;
import io.tusk.spec.validate.Violation;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tusk render}: prints the Kubernetes objects Tusk would create for a manifest, as a YAML
 * stream, without any cluster. Passwords of credential Secrets are placeholders (a real operator
 * generates random ones once and never replaces them).
 */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = "Prints the objects Tusk creates for a postgresql manifest, without a cluster.")
public final class RenderCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--file"},
      required = true,
      description = "The postgresql manifest (YAML or JSON; several documents allowed).")
  Path file;

  @Option(
      names = "--config",
      description =
          "Operator configuration: a ConfigMap or an OperatorConfiguration manifest (detected by its kind). Default: built-in ConfigMap-mode defaults.")
  Path config;

  @Option(
      names = {"-n", "--namespace"},
      description = "Namespace for manifests that name none (default: ${DEFAULT-VALUE}).",
      defaultValue = "default")
  String namespace;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    OperatorConfig cfg = OperatorConfig.defaults(Source.CONFIGMAP);
    if (config != null) {
      LoadResult loaded = OperatorConfigFiles.load(config);
      loaded
          .unknownKeys()
          .forEach(
              k -> err.println("warning: " + config + ": unknown option " + k + " is ignored"));
      loaded.warnings().forEach(w -> err.println("warning: " + config + ": " + w));
      cfg = loaded.config();
    }
    KubernetesSerialization serialization = new KubernetesSerialization();
    List<Postgresql> clusters = manifests(serialization, Files.readString(file));
    if (clusters.isEmpty()) {
      err.println(
          "error: "
              + file
              + " holds no postgresql manifest (kind: postgresql, apiVersion: acid.zalan.do/v1)");
      return 2;
    }
    int status = 0;
    List<String> documents = new ArrayList<>();
    for (Postgresql pg : clusters) {
      if (pg.getMetadata().getNamespace() == null) {
        pg.getMetadata().setNamespace(namespace);
      }
      UnknownFields.paths(pg)
          .forEach(
              p ->
                  err.println(
                      "warning: "
                          + pg.getMetadata().getName()
                          + ": unknown field "
                          + p
                          + " is ignored"));
      ManifestValidator.Verdict verdict = ManifestValidator.check(pg, cfg);
      verdict
          .warnings()
          .forEach(
              v ->
                  err.println(
                      "warning: "
                          + pg.getMetadata().getName()
                          + ": "
                          + v.field()
                          + ": "
                          + v.reason()));
      List<Violation> violations = verdict.errors();
      if (!violations.isEmpty()) {
        violations.forEach(
            v ->
                err.println(
                    "error: " + pg.getMetadata().getName() + ": " + v.field() + ": " + v.reason()));
        status = 1;
        continue;
      }
      for (HasMetadata o : ClusterBuilder.build(ClusterModel.of(pg, cfg)).all()) {
        documents.add(serialization.asYaml(o));
      }
    }
    for (String doc : documents) {
      out.print(doc.startsWith("---") ? doc : "---\n" + doc);
    }
    out.flush();
    return status;
  }

  /** The postgresql documents of a YAML stream; other kinds are skipped. */
  public static List<Postgresql> manifests(KubernetesSerialization serialization, String text) {
    List<Postgresql> result = new ArrayList<>();
    for (String doc : text.split("(?m)^---\\s*$")) {
      if (doc.isBlank()) {
        continue;
      }
      Object parsed = serialization.unmarshal(doc, Map.class);
      if (parsed instanceof Map<?, ?> m && "postgresql".equals(m.get("kind"))) {
        result.add(serialization.unmarshal(doc, Postgresql.class));
      }
    }
    return result;
  }
}
