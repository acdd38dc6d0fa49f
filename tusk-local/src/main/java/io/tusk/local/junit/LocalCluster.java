package io.tusk.local.junit;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.local.ComponentControl;
import io.tusk.local.audit.AuditLog;
import io.tusk.local.components.Component;
import io.tusk.local.pki.Kubeconfigs;
import io.tusk.local.state.StateLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A test class's view of the shared local control plane: its own namespace, a client bound to it,
 * and what is needed to start an operator in-process against the same API server (admin kubeconfig
 * file and fabric8 {@link Config}).
 */
public final class LocalCluster {

  private final SharedControlPlane shared;
  private final String namespace;
  private final KubernetesClient client;

  LocalCluster(SharedControlPlane shared, String namespace, KubernetesClient client) {
    this.shared = shared;
    this.namespace = namespace;
    this.client = client;
  }

  /** The namespace created for this test class (deleted after it). */
  public String namespace() {
    return namespace;
  }

  /** Admin client whose default namespace is {@link #namespace()}; closed after the class. */
  public KubernetesClient client() {
    return client;
  }

  /** Path of the admin kubeconfig (client certificate, {@code system:masters}). */
  public Path kubeconfig() {
    return shared.layout().adminKubeconfig();
  }

  /** The state directory of the control plane (logs under {@code logs/}). */
  public StateLayout layout() {
    return shared.layout();
  }

  /**
   * The API server's log of write requests, with who made each; the test control plane records
   * every write. Other test classes may share the control plane: filter by namespace.
   */
  public AuditLog auditLog() {
    return new AuditLog(shared.layout().auditLog());
  }

  /** e.g. {@code https://127.0.0.1:40123}. */
  public String apiserverUrl() {
    return shared.apiserverUrl();
  }

  /** A fresh admin client configuration with {@link #namespace()} as default namespace. */
  public Config adminConfig() {
    Config c = shared.adminConfig();
    c.setNamespace(namespace);
    return c;
  }

  /** A new admin client (default namespace {@link #namespace()}); the caller closes it. */
  public KubernetesClient newClient() {
    return Kubeconfigs.client(adminConfig());
  }

  /** Whether the node agent reports pods on the local nodes as Running (pod simulation). */
  public boolean simulatesPods() {
    return shared.simulatesPods();
  }

  /**
   * Stops one component of the control plane, e.g. the API server, to test how clients live through
   * its outage; {@link #startAgain} starts it as it was. The control plane is shared by every test
   * class of the JVM: a test that stops a component must start it again before it ends, whatever
   * happens (a {@code finally} block).
   */
  public ComponentControl.Stopped stop(Component component) {
    try {
      return shared.components().stop(component);
    } catch (IOException e) {
      throw unchecked(e);
    }
  }

  /**
   * Starts a component stopped by {@link #stop} again, with the same flags, port, certificates and
   * state, and waits (up to a minute) until it reports healthy.
   */
  public void startAgain(ComponentControl.Stopped stopped) {
    try {
      shared.components().start(stopped, Duration.ofSeconds(60));
    } catch (IOException e) {
      throw unchecked(e);
    }
  }

  static UncheckedIOException unchecked(IOException e) {
    return new UncheckedIOException(e);
  }
}
