package io.tusk.local;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.local.audit.AuditPolicy;
import io.tusk.local.binaries.Binaries;
import io.tusk.local.binaries.BinaryCache;
import io.tusk.local.binaries.BinaryResolver;
import io.tusk.local.components.Component;
import io.tusk.local.components.ComponentFlags;
import io.tusk.local.components.HealthChecks;
import io.tusk.local.components.Ports;
import io.tusk.local.crds.CrdInstaller;
import io.tusk.local.crds.CrdSource;
import io.tusk.local.host.HostPrerequisites;
import io.tusk.local.host.NetworkProbe;
import io.tusk.local.nodes.LocalNodes;
import io.tusk.local.nodes.NodeAgent;
import io.tusk.local.nodes.NodeAgentMain;
import io.tusk.local.objectstorage.ObjectStorage;
import io.tusk.local.pki.Kubeconfigs;
import io.tusk.local.pki.LocalPki;
import io.tusk.local.pods.PodNetwork;
import io.tusk.local.pods.PodRuntime;
import io.tusk.local.process.CpuPriority;
import io.tusk.local.process.DetachedProcesses;
import io.tusk.local.process.DetachedProcesses.Started;
import io.tusk.local.process.ProcessRef;
import io.tusk.local.state.ClusterState;
import io.tusk.local.state.ComponentState;
import io.tusk.local.state.StateLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.apache.commons.io.file.PathUtils;

/**
 * Starts, inspects and stops a local Kubernetes control plane: etcd, kube-apiserver,
 * kube-controller-manager and kube-scheduler from upstream binaries on loopback, three simulated
 * nodes kept Ready by the {@link NodeAgent}, and Tusk's CRDs. The processes are detached (they
 * outlive the JVM that started them) and recorded in the state directory, so {@code status} and
 * {@code down} work from any later JVM, and a crashed run is detected and cleaned up by the next
 * {@code up}.
 */
public final class LocalControlPlane {

  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final int START_ATTEMPTS = 2;

  /** Whether {@link #up()} started a control plane or found one running. */
  public enum Outcome {
    STARTED,
    ALREADY_UP
  }

  public record UpResult(Outcome outcome, Path kubeconfig, String apiserverUrl) {}

  /** One line of {@code status}. */
  public record ComponentStatus(
      String name, long pid, int port, boolean alive, boolean healthy, Path log) {}

  /**
   * The state of a control plane.
   *
   * @param running state exists and every component is alive
   * @param ready {@code up} completed
   */
  public record Status(
      boolean exists,
      boolean running,
      boolean ready,
      String apiserverUrl,
      Path kubeconfig,
      List<ComponentStatus> components) {}

  private final ControlPlaneSettings settings;
  private final Progress progress;
  private final BinaryCache cache;
  private NodeAgent embeddedAgent;
  private KubernetesClient embeddedAgentClient;

  public LocalControlPlane(ControlPlaneSettings settings, Progress progress) {
    this(settings, progress, BinaryCache.defaultCache());
  }

  public LocalControlPlane(ControlPlaneSettings settings, Progress progress, BinaryCache cache) {
    this.settings = settings;
    this.progress = progress;
    this.cache = cache;
  }

  public StateLayout layout() {
    return settings.layout();
  }

  /** Starts the control plane unless it is already running; recovers from a crashed run. */
  public UpResult up() throws IOException {
    StateLayout l = settings.layout();
    BinaryResolver resolver = new BinaryResolver(cache, progress);
    Optional<Path> userBinDir = BinaryResolver.userBinDir(settings.binDir());
    // Before any work: what the machine lacks is installed (as root) or named.
    HostPrerequisites.ofThisProcess()
        .ensure(
            new HostPrerequisites.Needs(!settings.simulatePods(), resolver.needsBuild(userBinDir)),
            progress);
    try (StateLock ignored = lock()) {
      Optional<ClusterState> existing = ClusterState.read(l.stateFile());
      if (existing.isPresent()) {
        List<String> dead = deadComponents(existing.get());
        if (existing.get().ready() && dead.isEmpty()) {
          progress.step(
              "already up (state "
                  + l.root()
                  + ", pod simulation "
                  + (existing.get().simulatePods() ? "on" : "off")
                  + "); nothing changed");
          return new UpResult(
              Outcome.ALREADY_UP, l.adminKubeconfig(), existing.get().apiserverUrl());
        }
        progress.step(
            "found a control plane that is not running properly in "
                + l.root()
                + (dead.isEmpty()
                    ? " (start never finished)"
                    : " (dead: " + String.join(", ", dead) + ")")
                + "; cleaning it up");
        teardown(existing.get());
      } else if (Files.exists(l.root())) {
        progress.step("removing leftover state directory " + l.root());
        teardown(null);
      }
      Binaries binaries = resolver.resolve(userBinDir, true);
      for (int attempt = 1; ; attempt++) {
        try {
          return start(binaries);
        } catch (ComponentFailedException e) {
          stopEmbeddedAgent();
          ClusterState partial = ClusterState.read(l.stateFile()).orElse(null);
          if (e.isPortConflict() && attempt < START_ATTEMPTS && settings.apiserverPort() == 0) {
            progress.step(
                e.component() + " lost its port to another process; retrying with new ports");
            teardown(partial);
            continue;
          }
          // Keep the logs for the user; the next up or down removes them.
          stopAll(partial);
          throw e;
        } catch (IOException | RuntimeException e) {
          stopEmbeddedAgent();
          stopAll(ClusterState.read(l.stateFile()).orElse(null));
          removePodNetwork();
          throw e;
        }
      }
    }
  }

  private UpResult start(Binaries binaries) throws IOException {
    StateLayout l = settings.layout();
    Ports ports = Ports.allocate(settings.apiserverPort()); // before anything is written
    Files.createDirectories(l.logs());
    String url = "https://127.0.0.1:" + ports.apiserver();
    ClusterState state =
        new ClusterState(
            System.currentTimeMillis(),
            settings.ownedByThisJvm() ? ProcessHandle.current().pid() : 0,
            settings.simulatePods(),
            url,
            false,
            List.of());
    state.write(l.stateFile());
    Map<Component, Started> started = new HashMap<>();
    if (!settings.simulatePods()) {
      // Real pods: the bridge exists before the API server advertises its address.
      progress.step(
          "creating the pod network (bridge "
              + PodNetwork.BRIDGE
              + " "
              + PodNetwork.BRIDGE_IP
              + "/16, Services "
              + ComponentFlags.SERVICE_CIDR
              + ")");
      PodNetwork.setUpBridge(ComponentFlags.SERVICE_CIDR);
    }

    // etcd needs no certificates (plain HTTP on loopback): start it first, generate the PKI while
    // it boots.
    state =
        launch(
            Component.ETCD, binaries.etcd(), ComponentFlags.etcd(l, ports), ports, state, started);
    progress.step("generating CA, certificates and kubeconfigs in " + l.pki());
    LocalPki.generate(l, url);
    HealthChecks health = new HealthChecks(l);
    // Initialising a fabric8 client and parsing the CRDs costs seconds of a cold JVM; do it
    // while the API server starts.
    CompletableFuture<ClientAndCrds> warm = warmUp(l);
    try {
      awaitHealthy(Component.ETCD, ports, health, started);
      if (settings.auditWrites()) {
        AuditPolicy.write(l.auditPolicy());
      }
      state =
          launch(
              Component.KUBE_APISERVER,
              binaries.kubeApiserver(),
              ComponentFlags.apiserver(
                  l,
                  ports,
                  settings.simulatePods() ? null : PodNetwork.BRIDGE_IP,
                  settings.auditWrites()),
              ports,
              state,
              started);
      awaitHealthy(Component.KUBE_APISERVER, ports, health, started);
      state =
          launch(
              Component.KUBE_CONTROLLER_MANAGER,
              binaries.kubeControllerManager(),
              ComponentFlags.controllerManager(l, ports, settings.nodeMonitoring()),
              ports,
              state,
              started);
      state =
          launch(
              Component.KUBE_SCHEDULER,
              binaries.kubeScheduler(),
              ComponentFlags.scheduler(l, ports),
              ports,
              state,
              started);
      // While the controller-manager and scheduler start (and the agent JVM, if detached), the
      // nodes are registered and the CRDs installed: these steps only need the API server.
      state = startAgent(state, started);
      ClientAndCrds ready = join(warm);
      KubernetesClient client = ready.client();
      NodeAgent.registerNodes(client);
      NodeAgent.installStorageClass(client);
      if (ready.crds().isEmpty()) {
        progress.step("no CRDs found (set --crds or " + CrdSource.PROPERTY + "); none installed");
      } else {
        progress.step("installed CRDs " + CrdInstaller.install(client, ready.crds()));
      }
      awaitHealthy(Component.KUBE_CONTROLLER_MANAGER, ports, health, started);
      awaitHealthy(Component.KUBE_SCHEDULER, ports, health, started);
      awaitNodesReady(client, started);
      if (!settings.agentInProcess()) {
        waitFor(
            "the node agent to watch pods",
            () -> Files.exists(l.agentReady()),
            settings.startTimeout(),
            started);
      }
      waitFor(
          "the default ServiceAccount",
          () -> client.serviceAccounts().inNamespace("default").withName("default").get() != null,
          settings.startTimeout(),
          started);
      if (!settings.simulatePods()) {
        new NetworkProbe(client, NetworkProbe.TIMEOUT).run(progress);
        state = startObjectStorage(binaries, ports, client, health, state, started);
      }
    } finally {
      warm.thenAccept(c -> c.client().close());
    }
    state = state.markReady();
    state.write(l.stateFile());
    progress.step("control plane ready at " + url);
    return new UpResult(Outcome.STARTED, l.adminKubeconfig(), url);
  }

  /**
   * The object storage for WAL archives and backups (real pods only): versitygw on the bridge
   * address, the buckets asked for, and its Secret in {@value ObjectStorage#SECRET_NAMESPACE}.
   */
  private ClusterState startObjectStorage(
      Binaries binaries,
      Ports ports,
      KubernetesClient client,
      HealthChecks health,
      ClusterState state,
      Map<Component, Started> started)
      throws IOException {
    StateLayout l = settings.layout();
    ObjectStorage.Credentials credentials = ObjectStorage.credentials(l);
    List<String> buckets = new ArrayList<>();
    buckets.add(ObjectStorage.DEFAULT_BUCKET);
    settings.buckets().stream().filter(b -> !buckets.contains(b)).forEach(buckets::add);
    ObjectStorage.createBuckets(l, buckets);
    ClusterState next =
        launch(
            Component.OBJECT_STORAGE,
            binaries.versitygw(),
            ObjectStorage.flags(l, ports.objectStorage()),
            ObjectStorage.ADDRESS,
            ObjectStorage.environment(credentials),
            ports,
            state,
            started);
    awaitHealthy(Component.OBJECT_STORAGE, ports, health, started);
    ObjectStorage.publish(
        client, ObjectStorage.SECRET_NAMESPACE, ports.objectStorage(), credentials);
    progress.step(
        "object storage at "
            + ObjectStorage.endpoint(ports.objectStorage())
            + " (buckets "
            + String.join(", ", buckets)
            + "; keys in Secret "
            + ObjectStorage.SECRET_NAMESPACE
            + "/"
            + ObjectStorage.SECRET_NAME
            + ")");
    return next;
  }

  private record ClientAndCrds(KubernetesClient client, List<CustomResourceDefinition> crds) {}

  private CompletableFuture<ClientAndCrds> warmUp(StateLayout l) {
    CompletableFuture<ClientAndCrds> f = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                KubernetesClient client = Kubeconfigs.client(l.adminKubeconfig());
                List<CustomResourceDefinition> crds =
                    CrdSource.definitions(client, settings.crds());
                // Touch the node model so its (de)serialisers are ready too.
                client
                    .getKubernetesSerialization()
                    .asJson(LocalNodes.node(LocalNodes.names().get(0), java.time.Instant.now()));
                f.complete(new ClientAndCrds(client, crds));
              } catch (Throwable e) {
                f.completeExceptionally(e);
              }
            },
            "tusk-local-warm-up");
    t.setDaemon(true);
    t.start();
    return f;
  }

  private static <T> T join(CompletableFuture<T> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(e.getCause());
    }
  }

  private ClusterState launch(
      Component c,
      Path binary,
      List<String> flags,
      Ports ports,
      ClusterState state,
      Map<Component, Started> started)
      throws IOException {
    return launch(c, binary, flags, "127.0.0.1", Map.of(), ports, state, started);
  }

  private ClusterState launch(
      Component c,
      Path binary,
      List<String> flags,
      String address,
      Map<String, String> env,
      Ports ports,
      ClusterState state,
      Map<Component, Started> started)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary.toString());
    cmd.addAll(flags);
    Path log = settings.layout().log(c.id());
    progress.step(
        "starting " + c.id() + " on " + address + ":" + ports.of(c) + " (log " + log + ")");
    Started s =
        DetachedProcesses.start(
            CpuPriority.command(cmd, c.nice()), log, settings.layout().root(), env);
    started.put(c, s);
    if (c.nice() != 0) {
      CpuPriority.Outcome priority = CpuPriority.raise(s.ref().pid(), c.nice());
      progress.step(
          switch (priority) {
            case AUTOGROUP -> c.id() + " runs at nice " + c.nice() + " (its scheduling group)";
            case STARTED_NICE -> c.id() + " runs at nice " + c.nice();
            case UNCHANGED -> c.id() + " runs at the default CPU share (a larger one needs root)";
          });
    }
    ClusterState next = state.with(component(c, s.ref(), ports.of(c), log));
    next.write(settings.layout().stateFile());
    return next;
  }

  private static ComponentState component(Component c, ProcessRef ref, int port, Path log) {
    return new ComponentState(
        c.id(), ref.pid(), ref.startMillis(), ref.groupLeader(), port, log.toString());
  }

  private void awaitHealthy(
      Component c, Ports ports, HealthChecks health, Map<Component, Started> started)
      throws IOException {
    waitFor(
        c.id() + " to become healthy",
        () -> health.healthy(c, ports.of(c)),
        settings.startTimeout(),
        started);
    progress.step(c.id() + " is healthy");
  }

  /**
   * Polls {@code condition} until true; fails as soon as any started process has exited, naming it,
   * or when {@code timeout} passes.
   */
  private void waitFor(
      String what, BooleanSupplier condition, Duration timeout, Map<Component, Started> started)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Map.Entry<Component, Started> e : started.entrySet()) {
        Process p = e.getValue().process();
        if (p != null && !p.isAlive()) {
          throw new ComponentFailedException(
              e.getKey().id(),
              "exited with code " + p.exitValue() + " while waiting for " + what,
              settings.layout().log(e.getKey().id()));
        }
      }
      boolean ok;
      try {
        ok = condition.getAsBoolean();
      } catch (RuntimeException e) {
        ok = false;
      }
      if (ok) {
        return;
      }
      if (System.nanoTime() > deadline) {
        Component blamed = blame(what, started);
        throw new ComponentFailedException(
            blamed.id(),
            "did not finish within " + timeout.toSeconds() + "s while waiting for " + what,
            settings.layout().log(blamed.id()));
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + what, e);
      }
    }
  }

  private static Component blame(String what, Map<Component, Started> started) {
    for (Component c : Component.values()) {
      if (what.startsWith(c.id())) {
        return c;
      }
    }
    if (what.contains("node") && started.containsKey(Component.NODE_AGENT)) {
      return Component.NODE_AGENT;
    }
    return Component.KUBE_CONTROLLER_MANAGER;
  }

  private ClusterState startAgent(ClusterState state, Map<Component, Started> started)
      throws IOException {
    StateLayout l = settings.layout();
    if (settings.agentInProcess()) {
      progress.step("starting node agent in this JVM (pod simulation " + onOff() + ")");
      embeddedAgentClient = Kubeconfigs.client(l.componentKubeconfig(Component.NODE_AGENT.id()));
      embeddedAgent = new NodeAgent(embeddedAgentClient, NodeAgentMain.settings(l, state));
      embeddedAgent.registerNodes();
      embeddedAgent.start();
      return state;
    }
    Path log = l.log(Component.NODE_AGENT.id());
    progress.step("starting node agent JVM (pod simulation " + onOff() + ", log " + log + ")");
    Started s =
        DetachedProcesses.start(AgentCommand.forStateDir(l.root()), log, l.root(), Map.of());
    started.put(Component.NODE_AGENT, s);
    ClusterState next = state.with(component(Component.NODE_AGENT, s.ref(), 0, log));
    next.write(l.stateFile());
    return next;
  }

  private String onOff() {
    return settings.simulatePods() ? "on" : "off: pods run as processes";
  }

  private void awaitNodesReady(KubernetesClient client, Map<Component, Started> started)
      throws IOException {
    progress.step("waiting for nodes " + LocalNodes.names() + " to be Ready and untainted");
    waitFor(
        "nodes to become Ready",
        () -> {
          List<Node> nodes = client.nodes().withLabel(LocalNodes.MANAGED_LABEL).list().getItems();
          return nodes.size() == LocalNodes.NODES.size()
              && nodes.stream().allMatch(NodeReadiness::schedulable);
        },
        settings.startTimeout(),
        started);
    progress.step("nodes Ready: " + LocalNodes.NODES);
  }

  /** Stops every component and removes the state directory. */
  public boolean down() throws IOException {
    StateLayout l = settings.layout();
    Files.createDirectories(l.root().getParent());
    try (StateLock ignored = lock()) {
      stopEmbeddedAgent();
      Optional<ClusterState> state = ClusterState.read(l.stateFile());
      boolean existed = Files.exists(l.root());
      teardown(state.orElse(null));
      return existed;
    }
  }

  /** Reports each component of the control plane at the layout. */
  public Status status() throws IOException {
    StateLayout l = settings.layout();
    Optional<ClusterState> state = ClusterState.read(l.stateFile());
    if (state.isEmpty()) {
      return new Status(Files.exists(l.root()), false, false, null, l.adminKubeconfig(), List.of());
    }
    HealthChecks health = Files.exists(l.pki("admin.key")) ? new HealthChecks(l) : null;
    List<ComponentStatus> list = new ArrayList<>();
    for (ComponentState c : state.get().components()) {
      boolean alive = DetachedProcesses.isAlive(c.process());
      boolean healthy = alive;
      if (alive && health != null && c.port() > 0) {
        healthy = health.healthy(componentOf(c.name()), c.port());
      }
      list.add(new ComponentStatus(c.name(), c.pid(), c.port(), alive, healthy, Path.of(c.log())));
    }
    // Attached processes (the demo's operator) do not decide whether the control plane runs.
    boolean running =
        !list.isEmpty()
            && list.stream()
                .filter(c -> isControlPlaneComponent(c.name()))
                .allMatch(ComponentStatus::alive);
    return new Status(
        true, running, state.get().ready(), state.get().apiserverUrl(), l.adminKubeconfig(), list);
  }

  private static Component componentOf(String id) {
    for (Component c : Component.values()) {
      if (c.id().equals(id)) {
        return c;
      }
    }
    return Component.NODE_AGENT;
  }

  /**
   * Starts a JVM beside the control plane with this JVM's class path, detached, logging to {@code
   * logs/<name>.log}, and records it in the state: {@code status} lists it and {@code down} stops
   * it before the control plane. Its death does not make the control plane count as broken. If one
   * of that name runs already, nothing is started.
   *
   * @return the running process and whether it was started now
   */
  public AttachResult attachJvm(
      String name,
      List<String> jvmOptions,
      String mainClass,
      List<String> args,
      Map<String, String> env)
      throws IOException {
    StateLayout l = settings.layout();
    try (StateLock ignored = lock()) {
      ClusterState state =
          ClusterState.read(l.stateFile())
              .filter(ClusterState::ready)
              .orElseThrow(() -> new IOException("no control plane is up in " + l.root()));
      Optional<ComponentState> running =
          state.component(name).filter(c -> DetachedProcesses.isAlive(c.process()));
      if (running.isPresent()) {
        return new AttachResult(running.get(), false);
      }
      Path snapshot =
          l.root().resolve(AgentCommand.DIR).resolve(name + "-" + System.currentTimeMillis());
      List<String> cmd = AgentCommand.javaCommand(snapshot, jvmOptions, mainClass, args);
      Path log = l.log(name);
      // Working directory: the logs, so whatever the JVM writes relative to it stays out of the
      // state directory's top level (which down only removes when it holds nothing foreign).
      Files.createDirectories(l.logs());
      Started s = DetachedProcesses.start(cmd, log, l.logs(), env);
      ProcessRef ref = s.ref();
      ComponentState c =
          new ComponentState(
              name, ref.pid(), ref.startMillis(), ref.groupLeader(), 0, log.toString());
      state.with(c).write(l.stateFile());
      return new AttachResult(c, true);
    }
  }

  /** What {@link #attachJvm} found or started. */
  public record AttachResult(ComponentState process, boolean started) {}

  private static boolean isControlPlaneComponent(String name) {
    for (Component c : Component.values()) {
      if (c.id().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private List<String> deadComponents(ClusterState state) {
    List<String> dead = new ArrayList<>();
    for (ComponentState c : state.components()) {
      if (isControlPlaneComponent(c.name()) && !DetachedProcesses.isAlive(c.process())) {
        dead.add(c.name());
      }
    }
    if (state.components().isEmpty()) {
      dead.add("all");
    }
    return dead;
  }

  /** Stops recorded components (newest first) and any stray process that uses the state dir. */
  private void stopAll(ClusterState state) {
    if (state != null) {
      List<ComponentState> reversed = new ArrayList<>(state.components());
      java.util.Collections.reverse(reversed);
      for (ComponentState c : reversed) {
        if (DetachedProcesses.isAlive(c.process())) {
          progress.step("stopping " + c.name() + " (pid " + c.pid() + ")");
        }
        DetachedProcesses.stop(c.process(), STOP_GRACE);
      }
    }
    boolean owned;
    try {
      owned = settings.layout().isOwnedOrAbsent();
    } catch (IOException e) {
      owned = false;
    }
    List<ProcessHandle> strays =
        owned ? DetachedProcesses.referencing(settings.layout().root()) : List.of();
    for (ProcessHandle h : strays) {
      progress.step("stopping stray process " + h.pid() + " " + h.info().command().orElse(""));
      h.destroy();
      try {
        h.onExit().get(STOP_GRACE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    }
  }

  private void teardown(ClusterState state) throws IOException {
    requireOwned();
    stopAll(state);
    if (state != null && !state.simulatePods()) {
      progress.step("removing pod namespaces, Service rules and the bridge " + PodNetwork.BRIDGE);
      PodNetwork.tearDown();
      deleteTree(PodRuntime.dataRootFor(settings.layout().root()));
    }
    deleteTree(settings.layout().root());
  }

  /**
   * After a failed start with real pods: no bridge, Service rules or pod namespaces are left behind
   * to half work (the logs stay for the user; the next {@code up} or {@code down} removes them).
   */
  private void removePodNetwork() {
    if (settings.simulatePods()) {
      return;
    }
    try {
      PodNetwork.tearDown();
      deleteTree(PodRuntime.dataRootFor(settings.layout().root()));
    } catch (IOException | RuntimeException e) {
      progress.step("could not remove the pod network: " + e.getMessage());
    }
  }

  private void requireOwned() throws IOException {
    if (!settings.layout().isOwnedOrAbsent()) {
      throw new IOException(
          settings.layout().root()
              + " holds files that tusk local did not create; refusing to remove it. Pick another"
              + " --state-dir (or $TUSK_LOCAL_DIR)");
    }
  }

  private void stopEmbeddedAgent() {
    if (embeddedAgent != null) {
      embeddedAgent.close();
      embeddedAgent = null;
    }
    if (embeddedAgentClient != null) {
      embeddedAgentClient.close();
      embeddedAgentClient = null;
    }
  }

  private StateLock lock() throws IOException {
    return StateLock.acquire(settings.layout(), progress);
  }

  static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      PathUtils.delete(dir);
    }
  }
}
