package io.tusk.local.junit;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.local.pki.Kubeconfigs;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * JUnit 5 extension behind {@link LocalKubernetes}: starts the JVM-wide control plane on first use,
 * creates a namespace per test class, and injects {@link KubernetesClient} and {@link LocalCluster}
 * into parameters and into fields annotated {@link InjectClient} / {@link InjectCluster}. The
 * namespace is deleted (without waiting) and the client closed after the class.
 */
public final class LocalKubernetesExtension
    implements BeforeAllCallback, TestInstancePostProcessor, ParameterResolver {

  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(LocalKubernetesExtension.class);
  private static final String CONTROL_PLANE = "control-plane";
  private static final String CLUSTER = "cluster";

  @Override
  public void beforeAll(ExtensionContext context) {
    LocalCluster cluster = cluster(context);
    inject(context.getRequiredTestClass(), null, cluster, true);
  }

  @Override
  public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
    inject(testInstance.getClass(), testInstance, cluster(context), false);
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    Class<?> type = p.getParameter().getType();
    return type == KubernetesClient.class || type == LocalCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    LocalCluster cluster = cluster(e);
    if (p.getParameter().getType() == LocalCluster.class) {
      return cluster;
    }
    if (p.getParameter().getType() == KubernetesClient.class) {
      return cluster.client();
    }
    throw new ParameterResolutionException("cannot resolve " + p.getParameter());
  }

  /** The class-level cluster, created on first request (store lookups include parent contexts). */
  private static LocalCluster cluster(ExtensionContext context) {
    ExtensionContext classContext = classContext(context);
    return classContext
        .getStore(STORE)
        .getOrComputeIfAbsent(CLUSTER, k -> newCluster(classContext), ClusterResource.class)
        .cluster();
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext c = context;
    while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
      c = c.getParent().get();
    }
    return c;
  }

  private static ClusterResource newCluster(ExtensionContext classContext) {
    SharedControlPlane shared = sharedControlPlane(classContext);
    String ns = namespaceName(classContext.getRequiredTestClass());
    KubernetesClient admin = Kubeconfigs.client(shared.adminConfig());
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(ns)
                .addToLabels("tusk.io/test-class", label(classContext.getRequiredTestClass()))
                .endMetadata()
                .build())
        .create();
    // Pods are rejected until the service-account controller has created "default".
    admin
        .serviceAccounts()
        .inNamespace(ns)
        .withName("default")
        .waitUntilCondition(sa -> sa != null, 60, TimeUnit.SECONDS);
    admin.close();
    var config = shared.adminConfig();
    config.setNamespace(ns);
    KubernetesClient client = Kubeconfigs.client(config);
    return new ClusterResource(new LocalCluster(shared, ns, client));
  }

  private static SharedControlPlane sharedControlPlane(ExtensionContext context) {
    StartResult r =
        context
            .getRoot()
            .getStore(STORE)
            .getOrComputeIfAbsent(CONTROL_PLANE, k -> StartResult.start(), StartResult.class);
    if (r.failure() != null) {
      throw new ExtensionConfigurationException(
          "the local Kubernetes control plane could not be started: " + r.failure().getMessage(),
          r.failure());
    }
    return r.controlPlane();
  }

  /** Remembers a failed start too, so that later test classes fail fast instead of retrying. */
  private record StartResult(SharedControlPlane controlPlane, Exception failure)
      implements ExtensionContext.Store.CloseableResource {
    static StartResult start() {
      try {
        return new StartResult(SharedControlPlane.start(), null);
      } catch (Exception e) {
        return new StartResult(null, e);
      }
    }

    @Override
    public void close() {
      if (controlPlane != null) {
        controlPlane.close();
      }
    }
  }

  /** Deletes the class's namespace and closes its client when the class is done. */
  private record ClusterResource(LocalCluster cluster)
      implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      try {
        cluster.client().namespaces().withName(cluster.namespace()).delete();
      } catch (RuntimeException e) {
        // the control plane may be gone already (JVM shutting down); nothing left to clean
      } finally {
        cluster.client().close();
      }
    }
  }

  static String namespaceName(Class<?> testClass) {
    String base = label(testClass);
    if (base.length() > 40) {
      base = base.substring(0, 40).replaceAll("-+$", "");
    }
    return base + "-" + UUID.randomUUID().toString().substring(0, 6);
  }

  private static String label(Class<?> testClass) {
    String s =
        testClass
            .getSimpleName()
            .replaceAll("([a-z0-9])([A-Z])", "$1-$2")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9-]", "-")
            .replaceAll("-+", "-")
            .replaceAll("^-|-$", "");
    s = s.length() > 63 ? s.substring(0, 63).replaceAll("-+$", "") : s;
    return s.isEmpty() ? "test" : s;
  }

  private static void inject(
      Class<?> type, Object instance, LocalCluster cluster, boolean statics) {
    for (Field f :
        AnnotationSupport.findAnnotatedFields(
            type, InjectClient.class, f -> true, HierarchyTraversalMode.TOP_DOWN)) {
      set(f, instance, statics, KubernetesClient.class, cluster.client());
    }
    for (Field f :
        AnnotationSupport.findAnnotatedFields(
            type, InjectCluster.class, f -> true, HierarchyTraversalMode.TOP_DOWN)) {
      set(f, instance, statics, LocalCluster.class, cluster);
    }
  }

  private static void set(
      Field f, Object instance, boolean statics, Class<?> expected, Object value) {
    if (Modifier.isStatic(f.getModifiers()) != statics) {
      return;
    }
    if (!f.getType().isAssignableFrom(expected)) {
      throw new ExtensionConfigurationException(
          f + " must be of type " + expected.getSimpleName() + " to be injected");
    }
    try {
      f.setAccessible(true);
      f.set(statics ? null : instance, value);
    } catch (IllegalAccessException e) {
      throw new ExtensionConfigurationException("cannot inject " + f, e);
    }
  }
}
