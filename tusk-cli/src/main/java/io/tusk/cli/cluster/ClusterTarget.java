package io.tusk.cli.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.day2.Intent;
import io.tusk.operator.OperatorSettings;
import io.tusk.operator.config.ConfigurationSource;
import io.tusk.operator.day2.PatroniObservation;
import io.tusk.patroni.PatroniClient;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.labels.Labels;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The cluster a command acts on, and how to reach it: the current kubeconfig, the operator's
 * configuration (as {@code tusk operator} finds it: {@code --config-map} / {@code
 * --operator-configuration} or the same environment variables; built-in defaults otherwise).
 */
public final class ClusterTarget {

  @Parameters(index = "0", paramLabel = "CLUSTER", description = "The postgresql resource's name.")
  String name;

  @Option(
      names = {"-n", "--namespace"},
      description = "The cluster's namespace (default: the kubeconfig's namespace).")
  String namespace;

  @Option(
      names = "--config-map",
      description = "The operator's ConfigMap (ns/name or name); overrides CONFIG_MAP_NAME.")
  String configMap;

  @Option(
      names = "--operator-configuration",
      description =
          "The operator's OperatorConfiguration; overrides POSTGRES_OPERATOR_CONFIGURATION_OBJECT.")
  String operatorConfiguration;

  @Option(
      names = "--operator-namespace",
      description = "Where the operator's configuration lives; overrides OPERATOR_NAMESPACE.")
  String operatorNamespace;

  /** A connection to the cluster's world. */
  public record Session(
      KubernetesClient client,
      OperatorConfig config,
      Postgresql manifest,
      PatroniClient patroni,
      PatroniObservation observation,
      String namespace)
      implements AutoCloseable {

    public Map<String, String> podSelector() {
      return Labels.of(ClusterModel.of(manifest, config)).base();
    }

    public Intent intent() {
      return Intent.of(manifest.getSpec(), config);
    }

    public PatroniObservation.Observation observe() {
      Integer instances = manifest.getSpec().getNumberOfInstances();
      return observation.observe(
          manifest.getMetadata().getNamespace(),
          podSelector(),
          config.get(Options.POD_ROLE_LABEL),
          instances == null ? 1 : instances);
    }

    @Override
    public void close() {
      client.close();
    }
  }

  /** Connects; fails with a message naming what is missing. */
  public Session open() {
    return open(true);
  }

  /**
   * Connects; with {@code manifestRequired} false, a missing postgresql gives a session whose
   * {@link Session#manifest()} is null (a command that can do without it, e.g. a restore from the
   * backups of a deleted cluster).
   */
  public Session open(boolean manifestRequired) {
    KubernetesClient client = new KubernetesClientBuilder().build();
    try {
      String ns = namespace != null ? namespace : client.getNamespace();
      ns = ns == null ? "default" : ns;
      Postgresql pg = client.resources(Postgresql.class).inNamespace(ns).withName(name).get();
      if (pg == null && manifestRequired) {
        throw new IllegalArgumentException("no postgresql " + ns + "/" + name);
      }
      Map<String, String> env = new HashMap<>(System.getenv());
      putIfSet(env, "CONFIG_MAP_NAME", configMap);
      putIfSet(env, "POSTGRES_OPERATOR_CONFIGURATION_OBJECT", operatorConfiguration);
      putIfSet(env, "OPERATOR_NAMESPACE", operatorNamespace);
      String current = client.getNamespace() == null ? "default" : client.getNamespace();
      OperatorConfig config;
      try (ConfigurationSource source =
          new ConfigurationSource(client, OperatorSettings.fromEnvironment(env, current))) {
        config = source.load();
      }
      PatroniClient patroni = PatroniClient.withDefaults();
      return new Session(client, config, pg, patroni, new PatroniObservation(client, patroni), ns);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** The cluster's name as given. */
  public String name() {
    return name;
  }

  String display() {
    return (namespace == null ? "" : namespace + "/") + name;
  }

  private static void putIfSet(Map<String, String> env, String key, String value) {
    if (value != null) {
      env.put(key, value);
    }
  }
}
