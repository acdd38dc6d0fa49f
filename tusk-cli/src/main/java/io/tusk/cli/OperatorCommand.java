package io.tusk.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.operator.OperatorSettings;
import io.tusk.operator.TuskOperator;
import io.tusk.operator.database.AddressPrimaryResolver;
import io.tusk.operator.database.AutoPrimaryResolver;
import io.tusk.operator.database.PrimaryResolver;
import io.tusk.operator.database.ServiceDnsPrimaryResolver;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tusk operator}: runs the operator against the current kubeconfig until interrupted. */
@Command(
    name = "operator",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the Tusk operator against the cluster of the current kubeconfig (or the in-cluster",
      "service account). Reads the same environment as Zalando's operator: CONFIG_MAP_NAME,",
      "POSTGRES_OPERATOR_CONFIGURATION_OBJECT, OPERATOR_NAMESPACE, WATCHED_NAMESPACE, CONTROLLER_ID."
    })
public final class OperatorCommand implements Callable<Integer> {

  @Option(
      names = "--config-map",
      description =
          "ConfigMap with the configuration (ns/name or name); overrides CONFIG_MAP_NAME.")
  String configMap;

  @Option(
      names = "--operator-configuration",
      description =
          "OperatorConfiguration resource name; overrides POSTGRES_OPERATOR_CONFIGURATION_OBJECT.")
  String operatorConfiguration;

  @Option(
      names = "--namespace",
      description =
          "Namespace the operator runs in (configuration objects live here); overrides OPERATOR_NAMESPACE.")
  String namespace;

  @Option(
      names = "--watch",
      description =
          "Namespaces to watch: one, a comma-separated list, or * for all; overrides WATCHED_NAMESPACE.")
  String watch;

  @Option(
      names = "--http-port",
      description =
          "Port of the health and REST endpoints (default: api_port of the configuration, 8080).")
  Integer httpPort;

  /** How the database sync reaches a cluster's primary. */
  enum PrimaryAddress {
    auto,
    dns,
    service_ip,
    pod_ip
  }

  @Option(
      names = "--primary-address",
      defaultValue = "auto",
      description =
          "How the database sync reaches a cluster's primary: auto (default: dns where"
              + " cluster DNS names resolve, else service_ip, said once in the log), dns"
              + " ({cluster}.{ns}.svc.{cluster_domain}, sslmode=require, as Zalando), service_ip (the"
              + " master Service's ClusterIP) or pod_ip (the master pod's IP).")
  PrimaryAddress primaryAddress = PrimaryAddress.auto;

  @Override
  public Integer call() throws Exception {
    Map<String, String> env = new HashMap<>(System.getenv());
    putIfSet(env, "CONFIG_MAP_NAME", configMap);
    putIfSet(env, "POSTGRES_OPERATOR_CONFIGURATION_OBJECT", operatorConfiguration);
    putIfSet(env, "OPERATOR_NAMESPACE", namespace);
    putIfSet(env, "WATCHED_NAMESPACE", watch);
    KubernetesClient client =
        OperatorClient.create(io.fabric8.kubernetes.client.Config.autoConfigure(null));
    String currentNs = client.getNamespace() == null ? "default" : client.getNamespace();
    OperatorSettings settings = OperatorSettings.fromEnvironment(env, currentNs);
    PrimaryResolver primaries = resolver(primaryAddress, client);
    TuskOperator operator =
        new TuskOperator(client, settings, httpPort == null ? -1 : httpPort, primaries);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  client.close();
                  stopped.countDown();
                },
                "tusk-shutdown"));
    operator.start();
    stopped.await();
    return 0;
  }

  static PrimaryResolver resolver(PrimaryAddress address, KubernetesClient client) {
    return switch (address) {
      case auto -> new AutoPrimaryResolver(client);
      case dns -> new ServiceDnsPrimaryResolver(client);
      case service_ip ->
          new AddressPrimaryResolver(client, AddressPrimaryResolver.Address.SERVICE_CLUSTER_IP);
      case pod_ip -> new AddressPrimaryResolver(client, AddressPrimaryResolver.Address.POD_IP);
    };
  }

  private static void putIfSet(Map<String, String> env, String key, String value) {
    if (value != null) {
      env.put(key, value);
    }
  }
}
