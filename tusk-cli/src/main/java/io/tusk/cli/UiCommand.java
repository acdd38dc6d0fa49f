package io.tusk.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.tusk.ui.UiServer;
import io.tusk.ui.UiSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tusk ui}: the web UI beside the operator, acting with the permissions of the current
 * kubeconfig (or of the pod's ServiceAccount). Zalando's UI variables work as they do there ({@code
 * OPERATOR_API_URL}, {@code TARGET_NAMESPACE}, {@code READ_ONLY_MODE}).
 */
@Command(
    name = "ui",
    mixinStandardHelpOptions = true,
    description =
        "Serves the web UI: clusters, their pods, members, objects and Events; create, edit,"
            + " clone and delete; the operator's status.")
public final class UiCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default: 127.0.0.1; others need a token).")
  String bind;

  @Option(names = "--port", defaultValue = "8081", description = "Port (default: 8081).")
  int port;

  @Option(
      names = "--token-file",
      description =
          "File holding the token browsers must present (or TUSK_UI_TOKEN); required unless the"
              + " UI listens on loopback.")
  Path tokenFile;

  @Option(
      names = "--read-only",
      description = "Show everything, change nothing (or READ_ONLY_MODE=true).")
  boolean readOnly;

  @Option(
      names = "--operator-url",
      description =
          "The operator's REST API (or OPERATOR_API_URL; default: http://127.0.0.1:8080/).")
  String operatorUrl;

  @Option(
      names = "--namespace",
      description = "Show only this namespace (or TARGET_NAMESPACE; default: all, '*').")
  String namespace;

  @Option(
      names = "--versions",
      split = ",",
      description = "PostgreSQL majors the new-cluster form offers, the default first.")
  List<String> versions;

  @Override
  public Integer call() throws IOException, InterruptedException {
    // A client that sends its request slowly is cut off rather than holding a thread of the UI.
    System.setProperty(
        "sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime", "30"));
    System.setProperty(
        "sun.net.httpserver.maxRspTime",
        System.getProperty("sun.net.httpserver.maxRspTime", "120"));
    Map<String, String> env = System.getenv();
    String token =
        tokenFile != null
            ? Files.readString(tokenFile, StandardCharsets.UTF_8).trim()
            : env.get("TUSK_UI_TOKEN");
    String ns = namespace != null ? namespace : env.get("TARGET_NAMESPACE");
    if (ns != null && (ns.isBlank() || ns.equals("*"))) {
      ns = null;
    }
    String api =
        operatorUrl != null
            ? operatorUrl
            : env.getOrDefault("OPERATOR_API_URL", "http://127.0.0.1:8080/");
    if (!api.endsWith("/")) {
      api = api + "/";
    }
    UiSettings settings;
    try {
      settings =
          new UiSettings(
              bind,
              port,
              token,
              readOnly || Boolean.parseBoolean(env.getOrDefault("READ_ONLY_MODE", "false")),
              URI.create(api),
              ns,
              versions == null || versions.isEmpty() ? UiSettings.VERSIONS : versions,
              env);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return 2;
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    CountDownLatch stop = new CountDownLatch(1);
    try (UiServer server = new UiServer(client, settings).start()) {
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      spec.commandLine()
          .getOut()
          .printf(
              "Web UI on http://%s:%d/%s%n",
              bind.contains(":") ? "[" + bind + "]" : bind,
              server.port(),
              settings.readOnly() ? " (read-only)" : "");
      spec.commandLine().getOut().flush();
      stop.await();
    } finally {
      client.close();
    }
    return 0;
  }
}
