package io.tusk.operator.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.tusk.config.ConfigMapLoader;
import io.tusk.config.InvalidConfigurationException;
import io.tusk.config.LoadResult;
import io.tusk.config.OperatorConfig;
import io.tusk.config.OperatorConfigurationLoader;
import io.tusk.config.Source;
import io.tusk.operator.NamespacedName;
import io.tusk.operator.OperatorSettings;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator configuration as currently stored in the cluster: the OperatorConfiguration resource
 * named by {@code POSTGRES_OPERATOR_CONFIGURATION_OBJECT}, or else the ConfigMap named by {@code
 * CONFIG_MAP_NAME}, or else the built-in ConfigMap-mode defaults. It watches its object and calls
 * the listener with every new valid configuration; an invalid change is logged and ignored, keeping
 * the last valid configuration in force (an invalid configuration at start-up stops the operator).
 */
public final class ConfigurationSource implements Supplier<OperatorConfig>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigurationSource.class);

  private final KubernetesClient client;
  private final OperatorSettings settings;
  private final AtomicReference<OperatorConfig> current = new AtomicReference<>();
  private volatile Consumer<OperatorConfig> listener = c -> {};
  private volatile BiConsumer<HasMetadata, String> rejected = (o, m) -> {};
  private SharedIndexInformer<?> informer;

  public ConfigurationSource(KubernetesClient client, OperatorSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  /**
   * Reads the configuration once; throws {@link InvalidConfigurationException} if it is invalid.
   */
  public OperatorConfig load() {
    OperatorConfig config = read();
    current.set(config);
    return config;
  }

  /**
   * Starts watching; {@code onChange} receives each new configuration that differs, {@code
   * onInvalid} the configuration object and the reason when a change is invalid and ignored.
   */
  public void watch(Consumer<OperatorConfig> onChange, BiConsumer<HasMetadata, String> onInvalid) {
    this.listener = onChange;
    this.rejected = onInvalid;
    ResourceEventHandler<Object> handler =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Object obj) {
            reload();
          }

          @Override
          public void onUpdate(Object oldObj, Object newObj) {
            reload();
          }

          @Override
          public void onDelete(Object obj, boolean deletedFinalStateUnknown) {
            reload();
          }
        };
    if (settings.configurationObject().isPresent()) {
      informer =
          client
              .genericKubernetesResources("acid.zalan.do/v1", "OperatorConfiguration")
              .inNamespace(settings.operatorNamespace())
              .withName(settings.configurationObject().get())
              .inform(cast(handler));
    } else if (settings.configMapName().isPresent()) {
      NamespacedName ref = configMapReference();
      informer =
          client
              .configMaps()
              .inNamespace(ref.namespace())
              .withName(ref.name())
              .inform(cast(handler));
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> ResourceEventHandler<T> cast(ResourceEventHandler<Object> h) {
    return (ResourceEventHandler<T>) (ResourceEventHandler<?>) h;
  }

  private synchronized void reload() {
    try {
      OperatorConfig next = read();
      OperatorConfig previous = current.getAndSet(next);
      if (!next.equals(previous)) {
        LOG.info("Operator configuration changed; re-syncing every cluster");
        listener.accept(next);
      }
    } catch (InvalidConfigurationException | IllegalArgumentException e) {
      LOG.error(
          "Ignoring invalid operator configuration, keeping the previous one: {}", e.getMessage());
      if (informer != null) {
        informer.getStore().list().stream()
            .filter(HasMetadata.class::isInstance)
            .map(HasMetadata.class::cast)
            .findFirst()
            .ifPresent(o -> rejected.accept(o, e.getMessage()));
      }
    }
  }

  private OperatorConfig read() {
    LoadResult result;
    String where;
    if (settings.configurationObject().isPresent()) {
      String name = settings.configurationObject().get();
      where = "OperatorConfiguration " + settings.operatorNamespace() + "/" + name;
      GenericKubernetesResource r =
          client
              .genericKubernetesResources("acid.zalan.do/v1", "OperatorConfiguration")
              .inNamespace(settings.operatorNamespace())
              .withName(name)
              .get();
      if (r == null) {
        throw new InvalidConfigurationException(java.util.List.of(where + " does not exist"));
      }
      Object configuration = r.getAdditionalProperties().get("configuration");
      JsonNode tree =
          client
              .getKubernetesSerialization()
              .convertValue(configuration == null ? Map.of() : configuration, JsonNode.class);
      result = OperatorConfigurationLoader.load(tree);
    } else if (settings.configMapName().isPresent()) {
      NamespacedName ref = configMapReference();
      where = "ConfigMap " + ref;
      ConfigMap cm = client.configMaps().inNamespace(ref.namespace()).withName(ref.name()).get();
      if (cm == null) {
        throw new InvalidConfigurationException(java.util.List.of(where + " does not exist"));
      }
      result = ConfigMapLoader.load(cm.getData() == null ? Map.of() : cm.getData());
    } else {
      where = "built-in defaults";
      result =
          new LoadResult(
              OperatorConfig.defaults(Source.CONFIGMAP), java.util.List.of(), java.util.List.of());
    }
    result.unknownKeys().forEach(k -> LOG.warn("{}: unknown option {} is ignored", where, k));
    result.warnings().forEach(w -> LOG.warn("{}: {}", where, w));
    LOG.info("Loaded operator configuration from {}", where);
    return result.config().withWatchedNamespace(settings.watchedNamespace().orElse(null));
  }

  private NamespacedName configMapReference() {
    return NamespacedName.parse(settings.configMapName().get(), settings.operatorNamespace());
  }

  @Override
  public OperatorConfig get() {
    OperatorConfig c = current.get();
    if (c == null) {
      throw new IllegalStateException("configuration not loaded yet");
    }
    return c;
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
  }
}
