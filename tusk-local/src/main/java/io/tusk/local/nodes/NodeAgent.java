package io.tusk.local.nodes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tusk.local.kubelet.KubeletServer;
import io.tusk.local.pods.PodRuntime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for the kubelets of the local nodes, which have no container runtime:
 *
 * <ul>
 *   <li><b>heartbeat</b>: renews each node's Lease in {@code kube-node-lease} and re-posts its
 *       conditions (Ready=True) with a fresh heartbeat time, so the controller-manager's
 *       node-lifecycle controller keeps the nodes Ready and never taints them or evicts pods;
 *   <li><b>pod finalisation</b>: a pod on a local node that gets a deletionTimestamp is deleted
 *       with grace period 0 once its grace period has passed (at once when simulating), which is
 *       what a kubelet does after stopping the containers; without it StatefulSets never proceed;
 *   <li><b>pod simulation</b> (optional): pods bound to local nodes are reported Running and Ready
 *       with a unique pod IP ({@link PodIpPool}), without starting anything; a Spilo pod first gets
 *       the role label its Patroni would give it ({@link SimulatedRoleLabel}), if its service
 *       account may patch pods;
 *   <li><b>kubelet API</b>: logs, exec and port-forward of the pods that run as processes ({@link
 *       KubeletServer}), published as the nodes' {@code daemonEndpoints.kubeletEndpoint};
 *   <li><b>volumes</b>: claims of the default {@link SimulatedVolumes#STORAGE_CLASS} class get a
 *       pre-bound PersistentVolume ({@link VolumeProvisioner}), so their pods can be scheduled.
 * </ul>
 *
 * Node and Lease shapes follow the kubelet's ({@code pkg/kubelet/nodelease}, {@code
 * nodestatus/setters.go}).
 */
public final class NodeAgent implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
  private static final String LEASE_NAMESPACE = "kube-node-lease";

  /**
   * How the agent behaves.
   *
   * @param simulatePods report pods on local nodes as Running and Ready
   * @param leaseRenewInterval how often leases are renewed (kubelet: 10s)
   * @param statusInterval how often node conditions are re-posted (kubelet: up to 5m with leases)
   * @param leaseDurationSeconds lease duration (kubelet: 40)
   * @param realPods run pods as processes ({@link PodRuntime}); null: do not
   * @param kubelet serve the kubelet API with these certificates; null: do not
   */
  public record Settings(
      boolean simulatePods,
      Duration leaseRenewInterval,
      Duration statusInterval,
      int leaseDurationSeconds,
      PodRuntime.Settings realPods,
      KubeletServer.Settings kubelet) {

    /**
     * Leases are renewed every 5 s (a kubelet: every 10 s), well within the controller-manager's 20
     * s grace period on a busy machine. The node-lifecycle controller judges node health by the
     * lease; conditions that do not change are re-posted once a minute (a kubelet: every 5
     * minutes), so idle nodes write no more than a kubelet's would.
     */
    static final Duration LEASE_RENEW_INTERVAL = Duration.ofSeconds(5);

    static final Duration STATUS_INTERVAL = Duration.ofMinutes(1);

    public static Settings defaults(boolean simulatePods) {
      return new Settings(simulatePods, LEASE_RENEW_INTERVAL, STATUS_INTERVAL, 40, null, null);
    }

    /** Pods run as real processes with this runtime configuration. */
    public static Settings realPods(PodRuntime.Settings runtime) {
      return new Settings(false, LEASE_RENEW_INTERVAL, STATUS_INTERVAL, 40, runtime, null);
    }

    /** These settings, with the kubelet API served. */
    public Settings withKubelet(KubeletServer.Settings kubelet) {
      return new Settings(
          simulatePods,
          leaseRenewInterval,
          statusInterval,
          leaseDurationSeconds,
          realPods,
          kubelet);
    }
  }

  private final KubernetesClient client;
  private final Settings settings;
  private final Set<String> nodes = Set.copyOf(LocalNodes.names());
  private final PodIpPool ips;
  private final Map<String, Instant> readySince = new ConcurrentHashMap<>();
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final Set<String> deletionScheduled = ConcurrentHashMap.newKeySet();

  /** The pod made master of each simulated cluster ({@code namespace/scope}), by name. */
  private final Map<String, String> simulatedMasters = new ConcurrentHashMap<>();

  /** Whether a service account may patch pods, by {@code namespace/account}, and until when. */
  private final Map<String, Map.Entry<Boolean, Instant>> mayPatchPods = new ConcurrentHashMap<>();

  private final ScheduledExecutorService timers;
  private final ScheduledExecutorService podWorker;
  private final VolumeProvisioner volumes;
  private volatile SharedIndexInformer<Pod> pods;
  private volatile Instant lastStatus = Instant.EPOCH;
  private final PodRuntime runtime;
  private volatile KubeletServer kubelet;

  public NodeAgent(KubernetesClient client, Settings settings) {
    this.client = client;
    this.settings = settings;
    this.timers = Executors.newSingleThreadScheduledExecutor(daemon("node-agent-heartbeat"));
    this.podWorker = Executors.newSingleThreadScheduledExecutor(daemon("node-agent-pods"));
    this.volumes = new VolumeProvisioner(client, podWorker);
    this.ips = settings.simulatePods() ? simulatedPodAddresses() : PodIpPool.loopback();
    this.runtime =
        settings.realPods() == null
            ? null
            : new PodRuntime(
                client,
                settings.realPods(),
                () -> {
                  SharedIndexInformer<Pod> informer = pods;
                  return informer == null
                      ? List.of()
                      : informer.getStore().list().stream().filter(this::ours).toList();
                });
  }

  /**
   * Where simulated pods get their addresses: a range the host routes nowhere when it can be set up
   * (root), else loopback addresses, which the endpoint controllers refuse (see {@link PodIpPool}).
   */
  private static PodIpPool simulatedPodAddresses() {
    if (io.tusk.local.pods.PodNetwork.makeUnreachable(PodIpPool.SIMULATED_CIDR)) {
      return PodIpPool.unroutedRange();
    }
    LOG.info(
        "simulated pods get loopback addresses (routing {} nowhere needs root, and a range no"
            + " other route uses): the API server refuses them in Endpoints, so the endpoint"
            + " controllers retry their updates",
        PodIpPool.SIMULATED_CIDR);
    return PodIpPool.loopback();
  }

  /**
   * Creates the local nodes (status Ready) that do not exist yet, as kubelets register themselves.
   * Called by {@code up} before the agent runs, so that the node-lifecycle controller can lift the
   * not-ready taint while the agent JVM is still starting.
   */
  public static void registerNodes(KubernetesClient client) {
    Instant now = Instant.now();
    for (String name : LocalNodes.names()) {
      if (client.nodes().withName(name).get() == null) {
        try {
          client.nodes().resource(LocalNodes.node(name, now)).create();
          LOG.debug("registered node {}", name);
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409) { // registered concurrently by the agent or up
            throw e;
          }
        }
      }
    }
  }

  /** Creates the default StorageClass whose claims the agent provisions, unless it exists. */
  public static void installStorageClass(KubernetesClient client) {
    if (client.storage().v1().storageClasses().withName(SimulatedVolumes.STORAGE_CLASS).get()
        == null) {
      try {
        client.storage().v1().storageClasses().resource(SimulatedVolumes.storageClass()).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
  }

  /** Registers missing nodes and posts a fresh Ready status for all of them. */
  public void registerNodes() {
    registerNodes(client);
    Instant now = Instant.now();
    for (String name : LocalNodes.names()) {
      postStatus(name, now);
    }
    lastStatus = now;
  }

  /** Starts heartbeats and the pod informer; returns at once. */
  public void start() throws java.io.IOException {
    if (runtime != null) {
      runtime.start();
    }
    startKubelet();
    long renew = settings.leaseRenewInterval().toMillis();
    timers.scheduleWithFixedDelay(this::heartbeat, 0, renew, TimeUnit.MILLISECONDS);
    pods = client.pods().inAnyNamespace().inform(new PodHandler(), 60_000);
    volumes.start();
    LOG.info(
        "node agent running for {} (pod simulation {})",
        LocalNodes.names(),
        settings.simulatePods() ? "on" : runtime != null ? "off, pods run as processes" : "off");
  }

  private void startKubelet() {
    if (settings.kubelet() == null) {
      return;
    }
    if (!settings.kubelet().present()) {
      LOG.warn(
          "no kubelet API: its certificates are missing (a control plane set up by an older"
              + " version; `tusk local down` and `up` again)");
      return;
    }
    try {
      kubelet = KubeletServer.start(settings.kubelet(), client, runtime);
    } catch (java.io.IOException e) {
      LOG.warn("no kubelet API: {}", e.getMessage());
      return;
    }
    Instant now = Instant.now();
    for (String name : LocalNodes.names()) {
      safely(() -> postStatus(name, now));
    }
  }

  public int simulatedPodCount() {
    return ips.size();
  }

  private void heartbeat() {
    Instant now = Instant.now();
    boolean postStatus =
        Duration.between(lastStatus, now).compareTo(settings.statusInterval()) >= 0;
    for (String name : LocalNodes.names()) {
      try {
        renewLease(name, now);
        if (postStatus) {
          postStatus(name, now);
        }
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          LOG.warn("node {} disappeared; registering it again", name);
          safely(() -> client.nodes().resource(LocalNodes.node(name, now)).create());
        } else {
          LOG.warn("heartbeat for node {} failed: {}", name, e.getMessage());
        }
      } catch (RuntimeException e) {
        LOG.warn("heartbeat for node {} failed: {}", name, e.toString());
      }
    }
    if (postStatus) {
      lastStatus = now;
    }
  }

  private void renewLease(String node, Instant now) {
    java.time.ZonedDateTime renewTime = now.atZone(ZoneOffset.UTC);
    Lease lease = client.leases().inNamespace(LEASE_NAMESPACE).withName(node).get();
    if (lease == null) {
      Node n = client.nodes().withName(node).get();
      if (n == null) {
        throw new KubernetesClientException("node " + node + " not found", 404, null);
      }
      client
          .leases()
          .inNamespace(LEASE_NAMESPACE)
          .resource(
              new LeaseBuilder()
                  .withNewMetadata()
                  .withName(node)
                  .withNamespace(LEASE_NAMESPACE)
                  .withOwnerReferences(
                      new OwnerReferenceBuilder()
                          .withApiVersion("v1")
                          .withKind("Node")
                          .withName(node)
                          .withUid(n.getMetadata().getUid())
                          .build())
                  .endMetadata()
                  .withNewSpec()
                  .withHolderIdentity(node)
                  .withLeaseDurationSeconds(settings.leaseDurationSeconds())
                  .withRenewTime(renewTime)
                  .endSpec()
                  .build())
          .create();
      return;
    }
    lease.getSpec().setRenewTime(renewTime);
    lease.getSpec().setHolderIdentity(node);
    lease.getSpec().setLeaseDurationSeconds(settings.leaseDurationSeconds());
    // update() carries the resourceVersion: a concurrent writer makes us retry next tick.
    client.leases().inNamespace(LEASE_NAMESPACE).resource(lease).update();
  }

  private void postStatus(String node, Instant now) {
    Instant since = readySince.computeIfAbsent(node, n -> readyTransition(n, now));
    List<NodeCondition> conditions = LocalNodes.conditions(now, since);
    Map<String, Object> status = new java.util.LinkedHashMap<>();
    status.put("conditions", conditions);
    status.put("capacity", LocalNodes.CAPACITY);
    status.put("allocatable", LocalNodes.CAPACITY);
    KubeletServer api = kubelet;
    if (api != null) {
      // The API server proxies logs, exec and port-forward to InternalIP:this port.
      status.put("daemonEndpoints", Map.of("kubeletEndpoint", Map.of("Port", api.port())));
    }
    Map<String, Object> patch = Map.of("status", status);
    client
        .nodes()
        .withName(node)
        .subresource("status")
        .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), Serialization.asJson(patch));
  }

  private Instant readyTransition(String node, Instant now) {
    Node n = client.nodes().withName(node).get();
    if (n != null && n.getStatus() != null) {
      for (NodeCondition c : n.getStatus().getConditions()) {
        if ("Ready".equals(c.getType())
            && "True".equals(c.getStatus())
            && c.getLastTransitionTime() != null) {
          return Instant.parse(c.getLastTransitionTime());
        }
      }
    }
    return now;
  }

  /** Reacts to every change of a pod on a local node, one pod at a time. */
  private final class PodHandler implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      if (ours(pod) && pod.getStatus() != null) {
        ips.reserve(pod.getMetadata().getUid(), pod.getStatus().getPodIP());
      }
      enqueue(pod, 0);
    }

    @Override
    public void onUpdate(Pod oldPod, Pod pod) {
      enqueue(pod, 0);
    }

    @Override
    public void onDelete(Pod pod, boolean unknownFinalState) {
      ips.release(pod.getMetadata().getUid());
      deletionScheduled.remove(key(pod));
      if (runtime != null && ours(pod)) {
        runtime.forget(pod);
      }
    }
  }

  private boolean ours(Pod pod) {
    // Pods not scheduled yet have no node name (Set.of(...).contains(null) would throw).
    String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    return node != null && nodes.contains(node);
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  private void enqueue(Pod pod, long delayMillis) {
    if (!ours(pod)) {
      return;
    }
    String key = key(pod);
    if (pending.add(key)) {
      podWorker.schedule(() -> process(key), delayMillis, TimeUnit.MILLISECONDS);
    }
  }

  private void process(String key) {
    pending.remove(key);
    SharedIndexInformer<Pod> informer = pods;
    Pod pod = informer == null ? null : informer.getStore().getByKey(key);
    if (pod == null || !ours(pod)) {
      return;
    }
    try {
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        if (runtime != null) {
          long grace =
              pod.getMetadata().getDeletionGracePeriodSeconds() == null
                  ? 30
                  : pod.getMetadata().getDeletionGracePeriodSeconds();
          runtime.terminate(pod, Duration.ofSeconds(grace), () -> safely(() -> deleteNow(pod)));
        } else {
          finalise(pod);
        }
      } else if (settings.simulatePods() && shouldSimulate(pod)) {
        simulate(pod);
      } else if (settings.simulatePods() && SimulatedRoleLabel.unlabelled(pod).isPresent()) {
        // Patroni labels its pod at every loop: a simulated pod that could not be labelled when
        // it started (its service account lacked the right then, or the API server was away)
        // gets its label as soon as it can, as a real one would.
        if (!labelRole(pod)) {
          enqueue(pod, RELABEL_INTERVAL_MILLIS);
        }
      } else if (runtime != null) {
        runtime.sync(pod);
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        LOG.debug("pod {}: {}; retrying", key, e.getMessage());
        enqueue(pod, 1000);
      }
    } catch (RuntimeException e) {
      LOG.warn("pod {}: {}; retrying", key, e.toString());
      enqueue(pod, 1000);
    }
  }

  private static boolean shouldSimulate(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      return false;
    }
    return !SimulatedPodStatus.isSimulatedRunning(pod);
  }

  private void simulate(Pod pod) {
    labelRole(pod);
    String ip = ips.addressOf(pod.getMetadata().getUid());
    Map<String, Object> patch =
        Map.of("status", SimulatedPodStatus.running(pod, ip, Instant.now()));
    client
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
  }

  /**
   * Sets the role label a Spilo pod's Patroni would set, before the pod is reported Ready (Patroni
   * labels its pod when it starts, before PostgreSQL accepts connections).
   */
  /** How often a simulated Spilo pod without its role label tries again: Patroni's loop_wait. */
  static final long RELABEL_INTERVAL_MILLIS = 10_000;

  /**
   * Gives an unlabelled simulated Spilo pod its role label, if its service account may patch pods.
   * Returns whether the pod has a label now (false: not allowed yet).
   */
  private boolean labelRole(Pod pod) {
    Optional<SimulatedRoleLabel.Spilo> spilo = SimulatedRoleLabel.unlabelled(pod);
    if (spilo.isEmpty()) {
      return true;
    }
    if (!mayPatchPods(pod)) {
      return false;
    }
    String ns = pod.getMetadata().getNamespace();
    String cluster = ns + "/" + spilo.get().scope();
    SharedIndexInformer<Pod> informer = pods;
    List<Pod> all = informer == null ? List.of() : informer.getStore().list();
    Optional<String> assigned =
        Optional.ofNullable(simulatedMasters.get(cluster))
            .filter(
                name ->
                    informer != null
                        && informer.getStore().getByKey(ns + "/" + name) != null
                        && informer
                                .getStore()
                                .getByKey(ns + "/" + name)
                                .getMetadata()
                                .getDeletionTimestamp()
                            == null);
    String role = SimulatedRoleLabel.role(pod, spilo.get(), all, assigned);
    client
        .pods()
        .inNamespace(ns)
        .withName(pod.getMetadata().getName())
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.JSON_MERGE)
                .withFieldManager("patroni")
                .build(),
            Serialization.asJson(
                Map.of("metadata", Map.of("labels", Map.of(spilo.get().roleLabel(), role)))));
    if (SimulatedRoleLabel.MASTER.equals(role)) {
      simulatedMasters.put(cluster, pod.getMetadata().getName());
    }
    LOG.debug("simulated Patroni labelled pod {}/{} {}", ns, pod.getMetadata().getName(), role);
    return true;
  }

  /** Whether the pod's service account may patch pods (a SubjectAccessReview, cached 10 s). */
  private boolean mayPatchPods(Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    String account =
        pod.getSpec().getServiceAccountName() == null
            ? "default"
            : pod.getSpec().getServiceAccountName();
    String key = ns + "/" + account;
    Instant now = Instant.now();
    Map.Entry<Boolean, Instant> known = mayPatchPods.get(key);
    if (known != null && now.isBefore(known.getValue())) {
      return known.getKey();
    }
    SubjectAccessReview review =
        client
            .authorization()
            .v1()
            .subjectAccessReview()
            .create(
                new SubjectAccessReviewBuilder()
                    .withNewSpec()
                    .withUser("system:serviceaccount:" + ns + ":" + account)
                    .withGroups(
                        "system:serviceaccounts",
                        "system:serviceaccounts:" + ns,
                        "system:authenticated")
                    .withNewResourceAttributes()
                    .withNamespace(ns)
                    .withVerb("patch")
                    .withResource("pods")
                    .endResourceAttributes()
                    .endSpec()
                    .build());
    boolean allowed =
        review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAllowed());
    mayPatchPods.put(key, Map.entry(allowed, now.plusSeconds(10)));
    return allowed;
  }

  /**
   * Deletes a terminating pod for good. A kubelet would first stop the containers within the grace
   * period; simulated pods have none, so they go at once, others once the grace period the API
   * server recorded in deletionTimestamp has passed.
   */
  private void finalise(Pod pod) {
    String key = key(pod);
    Instant due = Instant.parse(pod.getMetadata().getDeletionTimestamp());
    long wait =
        settings.simulatePods() ? 0 : Math.max(0, Duration.between(Instant.now(), due).toMillis());
    if (wait > 0) {
      if (deletionScheduled.add(key)) {
        podWorker.schedule(
            () -> {
              deletionScheduled.remove(key);
              process(key);
            },
            wait,
            TimeUnit.MILLISECONDS);
      }
      return;
    }
    deleteNow(pod);
  }

  /** Deletes the pod object with grace period 0 (its processes have stopped). */
  private void deleteNow(Pod pod) {
    String key = key(pod);
    // The UID precondition makes sure a replacement pod of the same name (StatefulSets reuse
    // names) is never deleted by a late retry.
    Map<String, Object> options =
        Map.of(
            "apiVersion",
            "v1",
            "kind",
            "DeleteOptions",
            "gracePeriodSeconds",
            0,
            "preconditions",
            Map.of("uid", pod.getMetadata().getUid()));
    try {
      client.raw(
          "/api/v1/namespaces/"
              + pod.getMetadata().getNamespace()
              + "/pods/"
              + pod.getMetadata().getName(),
          "DELETE",
          options);
    } catch (KubernetesClientException e) {
      // 404: gone already (its namespace was deleted); 409: the name now belongs to a new pod.
      if (e.getCode() != 404 && e.getCode() != 409) {
        throw e;
      }
      LOG.debug("pod {} already gone ({})", key, e.getCode());
    }
    LOG.debug("finalised terminating pod {}", key);
  }

  private static void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("{}", e.toString());
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
    KubeletServer api = kubelet;
    if (api != null) {
      api.close();
    }
    if (runtime != null) {
      runtime.close();
    }
    volumes.close();
    timers.shutdownNow();
    podWorker.shutdownNow();
    SharedIndexInformer<Pod> informer = pods;
    if (informer != null) {
      informer.close();
    }
  }
}
