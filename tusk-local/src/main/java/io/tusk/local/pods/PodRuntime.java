package io.tusk.local.pods;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tusk.images.ContainerImage;
import io.tusk.images.ImageCatalog;
import io.tusk.images.Installations;
import io.tusk.images.PodUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.commons.io.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process node's runtime: one {@link PodWorker} per pod bound to a local node, the Service
 * rules ({@link ServiceProxy}) and the pods' hosts files ({@link ClusterDns}) kept in step with
 * Services and EndpointSlices, and the relay that lets pods reach the API server. Images are
 * resolved by {@code tusk-images}' {@link ImageCatalog}, plus the local node's own {@link
 * CommandImage}.
 */
public final class PodRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PodRuntime.class);

  /**
   * Where the runtime keeps things.
   *
   * @param dataRoot pod directories and claim directories; must be traversable by the pod user
   * @param apiserverPort the API server's port on loopback (relayed on the bridge address)
   * @param caFile the cluster CA certificate
   * @param serviceCidr the Service ClusterIP range
   */
  public record Settings(Path dataRoot, int apiserverPort, Path caFile, String serviceCidr) {}

  /** File in a pod's directory: epoch millis before which its containers are not restarted. */
  public static final String HOLD_FILE = "hold-until";

  private final KubernetesClient client;
  private final Settings settings;
  private final Supplier<Collection<Pod>> pods;
  private final ImageCatalog catalog;
  private final PodAddresses addresses = new PodAddresses();
  private final HostVolumes volumes;
  private final PodEnvironment environment;
  private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();
  private final Map<String, String> reported = new ConcurrentHashMap<>();
  private final ExecutorService terminations =
      Executors.newCachedThreadPool(daemon("pod-termination"));
  private final ScheduledExecutorService network =
      Executors.newSingleThreadScheduledExecutor(daemon("service-proxy"));
  private final AtomicBoolean networkDirty = new AtomicBoolean();
  private SharedIndexInformer<Service> services;
  private SharedIndexInformer<EndpointSlice> slices;
  private SharedIndexInformer<PersistentVolumeClaim> claims;
  private ApiRelay relay;

  public PodRuntime(KubernetesClient client, Settings settings, Supplier<Collection<Pod>> pods) {
    this.client = client;
    this.settings = settings;
    this.pods = pods;
    this.catalog = ImageCatalog.standard(Installations.detect());
    this.volumes = new HostVolumes(client, settings.dataRoot());
    this.environment = new PodEnvironment(client);
  }

  /** The directory under which the runtime of the control plane at {@code stateDir} keeps pods. */
  public static Path dataRootFor(Path stateDir) {
    String id = Integer.toHexString(stateDir.toAbsolutePath().normalize().toString().hashCode());
    return Path.of("/var/lib/tusk/local-pods", id);
  }

  public void start() throws IOException {
    PodProcesses.ensureUser();
    Files.createDirectories(settings.dataRoot());
    for (Path p = settings.dataRoot(); p != null; p = p.getParent()) {
      p.toFile().setExecutable(true, false); // the pod user must traverse to its directories
    }
    relay = new ApiRelay(PodNetwork.BRIDGE_IP, settings.apiserverPort());
    ResourceEventHandler<Object> changed =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Object o) {
            networkChanged();
          }

          @Override
          public void onUpdate(Object a, Object b) {
            networkChanged();
          }

          @Override
          public void onDelete(Object o, boolean unknown) {
            networkChanged();
          }
        };
    services = client.services().inAnyNamespace().inform(cast(changed), 60_000);
    slices =
        client.discovery().v1().endpointSlices().inAnyNamespace().inform(cast(changed), 60_000);
    claims =
        client
            .persistentVolumeClaims()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<PersistentVolumeClaim>() {
                  @Override
                  public void onAdd(PersistentVolumeClaim c) {}

                  @Override
                  public void onUpdate(PersistentVolumeClaim a, PersistentVolumeClaim b) {}

                  @Override
                  public void onDelete(PersistentVolumeClaim c, boolean unknown) {
                    // The claim's data goes with it (reclaim policy Delete), so a new claim of
                    // the same name starts empty.
                    terminations.submit(
                        () ->
                            deleteTree(
                                HostVolumes.claimDir(
                                    settings.dataRoot(),
                                    c.getMetadata().getNamespace(),
                                    c.getMetadata().getName())));
                  }
                },
                60_000);
    network.scheduleWithFixedDelay(this::syncNetwork, 0, 250, TimeUnit.MILLISECONDS);
    LOG.info(
        "process node runtime: pods in {}, API server relayed on {}:{}",
        settings.dataRoot(),
        PodNetwork.BRIDGE_IP,
        settings.apiserverPort());
  }

  @SuppressWarnings("unchecked")
  private static <T> ResourceEventHandler<T> cast(ResourceEventHandler<Object> h) {
    return (ResourceEventHandler<T>) (ResourceEventHandler<?>) h;
  }

  /** Something that Service rules or hosts files depend on changed. */
  public void networkChanged() {
    networkDirty.set(true);
  }

  private void syncNetwork() {
    if (!networkDirty.getAndSet(false) || services == null) {
      return;
    }
    try {
      List<Service> svc = services.getStore().list();
      ServiceProxy.apply(ServiceProxy.rules(settings.serviceCidr(), svc, slices.getStore().list()));
      for (PodWorker w : workers.values()) {
        if (w.sandboxReady()) {
          PodNetwork.updateHosts(w.uid(), ClusterDns.hosts(w.pod(), w.ip(), svc, pods.get()));
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("service rules: {}", e.toString());
      networkDirty.set(true);
    }
  }

  String hostsFor(Pod pod, String ip) {
    return ClusterDns.hosts(
        pod, ip, services == null ? List.of() : services.getStore().list(), pods.get());
  }

  /** Starts a worker for a new pod or hands the latest object to its worker. */
  public void sync(Pod pod) {
    String uid = pod.getMetadata().getUid();
    PodWorker w = workers.get(uid);
    if (w != null) {
      w.update(pod);
      return;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      return; // finished before this agent started
    }
    addresses.reserve(uid, pod.getStatus() == null ? null : pod.getStatus().getPodIP());
    w = new PodWorker(this, pod);
    workers.put(uid, w);
    w.start();
    networkChanged();
  }

  /**
   * Stops a terminating pod within its grace period, then runs {@code done} (which deletes the
   * object). Returns at once; repeated calls for the same pod are ignored.
   */
  public void terminate(Pod pod, Duration grace, Runnable done) {
    String uid = pod.getMetadata().getUid();
    PodWorker w = workers.get(uid);
    if (w == null) {
      terminations.submit(done);
      return;
    }
    if (!terminating.add(uid)) {
      return;
    }
    terminations.submit(
        () -> {
          try {
            w.terminate(grace);
          } finally {
            workers.remove(uid);
            reported.remove(uid);
            terminating.remove(uid);
            networkChanged();
            done.run();
          }
        });
  }

  private final java.util.Set<String> terminating = ConcurrentHashMap.newKeySet();

  /** The pod object is gone: stop its processes at once if they still run. */
  public void forget(Pod pod) {
    PodWorker w = workers.get(pod.getMetadata().getUid());
    if (w != null) {
      terminate(pod, Duration.ZERO, () -> {});
    }
  }

  void report(PodWorker w, Map<String, Object> status) {
    String json = Serialization.asJson(status);
    if (json.equals(reported.get(w.uid())) || !workers.containsKey(w.uid())) {
      return;
    }
    Pod pod = w.pod();
    try {
      client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .subresource("status")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              Serialization.asJson(Map.of("metadata", Map.of("uid", w.uid()), "status", status)));
      reported.put(w.uid(), json);
      networkChanged(); // a new pod address may belong in others' hosts files
    } catch (KubernetesClientException e) {
      LOG.debug("status of {}: {}", pod.getMetadata().getName(), e.getMessage());
    }
  }

  Optional<ContainerImage> image(String reference) {
    if (CommandImage.matches(reference)) {
      return Optional.of(new CommandImage());
    }
    if (OperatorImage.matches(reference)) {
      return Optional.of(new OperatorImage());
    }
    return catalog.resolve(reference);
  }

  String unknownImageReason(String reference) {
    return catalog.unknownImageReason(reference)
        + "; and "
        + CommandImage.REFERENCE
        + " (runs the container's command); and "
        + OperatorImage.REPOSITORY
        + " (the operator, from the local build)";
  }

  Path writeKubeconfig(Pod pod, Path target, PodUser user) throws IOException {
    String server = "https://" + PodNetwork.BRIDGE_IP + ":" + settings.apiserverPort();
    return ServiceAccountKubeconfig.write(client, pod, server, settings.caFile(), target, user);
  }

  Path podDir(String uid) {
    return podDir(settings.dataRoot(), uid);
  }

  /**
   * Kills every process of the pod with {@code uid} of the control plane at {@code stateDir} with
   * SIGKILL, as a crash of its containers would. The runtime restarts them per the pod's {@code
   * restartPolicy}, but not before {@code hold} has passed (zero: at once, with the usual
   * back-off).
   *
   * @return how many processes were killed
   */
  public static int crash(Path stateDir, String uid, Duration hold) throws IOException {
    if (!hold.isZero()) {
      Path dir = podDir(dataRootFor(stateDir), uid);
      Files.writeString(
          dir.resolve(HOLD_FILE), Long.toString(System.currentTimeMillis() + hold.toMillis()));
    }
    return PodNetwork.killAll(PodNetwork.netnsName(uid), "KILL");
  }

  /** The directory of the pod with {@code uid} under a runtime's data root. */
  public static Path podDir(Path dataRoot, String uid) {
    return dataRoot.resolve("pods").resolve(uid);
  }

  PodAddresses addresses() {
    return addresses;
  }

  HostVolumes volumes() {
    return volumes;
  }

  PodEnvironment environment() {
    return environment;
  }

  String serviceCidr() {
    return settings.serviceCidr();
  }

  /** The node of the pod {@code namespace/name} if it runs here. */
  public Optional<String> nodeOf(String namespace, String name) {
    return worker(namespace, name).map(w -> w.pod().getSpec().getNodeName());
  }

  /** The address of the pod {@code namespace/name} if it runs here and has one. */
  public Optional<String> podIp(String namespace, String name) {
    return worker(namespace, name).map(PodWorker::ip).filter(ip -> !ip.isEmpty());
  }

  /** A container of the pod {@code namespace/name}, if the pod runs here and has it. */
  public Optional<ContainerAccess> container(String namespace, String name, String container) {
    Optional<PodWorker> w = worker(namespace, name);
    if (w.isEmpty() || w.get().logDirRoot() == null) {
      return Optional.empty();
    }
    return w.get()
        .container(container)
        .map(
            c -> {
              int run = c.logRun;
              return new ContainerAccess(
                  w.get().pod().getSpec().getNodeName(),
                  w.get().netns(),
                  Map.copyOf(c.env),
                  c.workingDirectory,
                  w.get().logDir(container),
                  run,
                  r -> r != c.logRun || c.log == null || c.log.ended(),
                  c.process == null
                      ? (c.waitingReason == null ? "Terminated" : c.waitingReason)
                      : null,
                  Map.copyOf(c.execAliases));
            });
  }

  private Optional<PodWorker> worker(String namespace, String name) {
    return workers.values().stream()
        .filter(
            w ->
                namespace.equals(w.pod().getMetadata().getNamespace())
                    && name.equals(w.pod().getMetadata().getName()))
        .findFirst();
  }

  static void deleteTree(Path dir) {
    if (!FileUtils.deleteQuietly(dir.toFile()) && Files.exists(dir)) {
      LOG.warn("could not remove {}", dir);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    network.shutdownNow();
    if (services != null) {
      services.close();
    }
    if (slices != null) {
      slices.close();
    }
    if (claims != null) {
      claims.close();
    }
    if (relay != null) {
      try {
        relay.close();
      } catch (IOException e) {
        // closing
      }
    }
    for (PodWorker w : workers.values()) {
      w.terminate(Duration.ofSeconds(5));
    }
    workers.clear();
    terminations.shutdownNow();
  }
}
