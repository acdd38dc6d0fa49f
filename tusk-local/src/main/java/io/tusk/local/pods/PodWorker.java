package io.tusk.local.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.tusk.images.ContainerContext;
import io.tusk.images.ContainerImage;
import io.tusk.images.ImageException;
import io.tusk.images.LaunchPlan;
import io.tusk.images.PodUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one pod as real processes, the part of a kubelet's pod worker ({@code pod_workers.go},
 * {@code kuberuntime_manager.go#SyncPod}) the local node needs: sets up the sandbox (network
 * namespace, volumes, service-account kubeconfig), runs init containers one after another to
 * completion, then starts every container through its image's {@link LaunchPlan}, restarts them per
 * {@code restartPolicy} with back-off, runs readiness probes, and reports the pod status. Deletion
 * sends SIGTERM to the containers, waits up to the grace period, then kills what is left and
 * removes the sandbox. One thread per pod ticks twice a second.
 */
final class PodWorker {

  private static final Logger LOG = LoggerFactory.getLogger(PodWorker.class);
  private static final long TICK_MILLIS = 500;

  /** File in a container's log directory with the node's notes on each run. */
  static final String RUNS_FILE = "runs.log";

  private final PodRuntime runtime;
  private final String uid;
  private final String key;
  private final ScheduledExecutorService thread;
  private final List<ContainerRun> inits = new ArrayList<>();
  private final List<ContainerRun> mains = new ArrayList<>();
  private final PodStatusReport report = new PodStatusReport();
  private volatile Pod pod;
  private volatile String ip;
  private volatile Path podDir;
  private Path kubeconfig;
  private Map<String, Path> volumes;
  private PodUser user;
  private boolean sandbox;
  private String failedReason;
  private String failedMessage;
  private Instant startTime;
  private volatile boolean stopping;

  PodWorker(PodRuntime runtime, Pod pod) {
    this.runtime = runtime;
    this.pod = pod;
    this.uid = pod.getMetadata().getUid();
    this.key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    if (pod.getSpec().getInitContainers() != null) {
      pod.getSpec().getInitContainers().forEach(c -> inits.add(new ContainerRun(c, true)));
    }
    pod.getSpec().getContainers().forEach(c -> mains.add(new ContainerRun(c, false)));
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "pod " + key);
              t.setDaemon(true);
              return t;
            });
  }

  void start() {
    thread.scheduleWithFixedDelay(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  void update(Pod latest) {
    this.pod = latest;
  }

  String uid() {
    return uid;
  }

  String ip() {
    return ip;
  }

  Pod pod() {
    return pod;
  }

  String netns() {
    return PodNetwork.netnsName(uid);
  }

  private void tick() {
    if (stopping) {
      return;
    }
    try {
      Instant now = Instant.now();
      if (!sandbox && failedReason == null) {
        setUpSandbox(now);
      }
      if (sandbox && failedReason == null) {
        advance(now);
        probe(now);
      }
      runtime.report(this, report.build(this, now));
    } catch (RuntimeException | IOException e) {
      LOG.warn("pod {}: {}", key, e.toString());
    } catch (LinkageError e) {
      // A class the image needs is missing from the node's class path: an Error would end this
      // pod's ticks without a word, leaving it Pending for good.
      LOG.error("pod {}: {}", key, e.toString(), e);
      fail("NodeClassPath", "the node cannot prepare this container: " + e);
    }
  }

  private void setUpSandbox(Instant now) throws IOException {
    if (startTime == null) {
      startTime = now;
    }
    ip = runtime.addresses().addressOf(uid, pod.getSpec().getNodeName());
    try {
      user = PodUser.of(PodProcesses.POD_USER);
    } catch (ImageException e) {
      throw new IOException(e.getMessage(), e);
    }
    podDir = runtime.podDir(uid);
    Files.createDirectories(podDir.resolve("logs"));
    podDir.toFile().setExecutable(true, false);
    podDir.toFile().setReadable(true, false);
    kubeconfig = runtime.writeKubeconfig(pod, podDir.resolve("kubeconfig"), user);
    if (kubeconfig == null) {
      for (ContainerRun c : all()) {
        c.waitingReason = "CreateContainerConfigError";
        c.waitingMessage =
            "serviceaccount \"" + pod.getSpec().getServiceAccountName() + "\" not found";
      }
      return;
    }
    try {
      volumes = runtime.volumes().prepare(pod, podDir, user);
    } catch (ImageException e) {
      for (ContainerRun c : all()) {
        c.waitingReason = "CreateContainerConfigError";
        c.waitingMessage = e.reason();
      }
      return;
    }
    PodNetwork.createSandbox(
        uid,
        ip,
        runtime.serviceCidr(),
        runtime.hostsFor(pod, ip),
        ClusterDns.resolvConf(pod.getMetadata().getNamespace()));
    sandbox = true;
    LOG.info("pod {}: sandbox {} with address {}", key, netns(), ip);
  }

  private List<ContainerRun> all() {
    List<ContainerRun> l = new ArrayList<>(inits);
    l.addAll(mains);
    return l;
  }

  private String restartPolicy() {
    String p = pod.getSpec().getRestartPolicy();
    return p == null ? "Always" : p;
  }

  private void advance(Instant now) {
    for (ContainerRun c : inits) {
      if (c.done) {
        continue;
      }
      if (c.process != null && !c.running()) {
        int code = c.recordExit(now);
        killLeftovers(c);
        if (code == 0) {
          c.done = true;
          continue;
        }
        if ("Never".equals(restartPolicy())) {
          fail(
              "InitContainerFailed", "init container " + c.spec.getName() + " exited with " + code);
          return;
        }
        c.scheduleRestart(now);
      }
      if (c.process == null && !now.isBefore(c.nextStart)) {
        launch(c, now);
      }
      return; // one init container at a time
    }
    for (ContainerRun c : mains) {
      if (c.done) {
        continue;
      }
      if (c.process != null && !c.running() && serviceRestarted(c)) {
        // runit in the container started its service again: the container lives on.
        LOG.info("pod {}: container {} restarted its service", key, c.spec.getName());
        c.process = null;
        launch(c, now, true);
        if (failedReason != null) {
          return;
        }
        continue;
      }
      if (c.process != null && !c.running()) {
        int code = c.recordExit(now);
        killLeftovers(c);
        String policy = restartPolicy();
        boolean restart = "Always".equals(policy) || ("OnFailure".equals(policy) && code != 0);
        if (restart) {
          c.scheduleRestart(now);
          LOG.info(
              "pod {}: container {} exited with {}; restarting in {}s",
              key,
              c.spec.getName(),
              code,
              Duration.between(now, c.nextStart).toSeconds());
        } else {
          c.done = true;
        }
      }
      if (!c.done && c.process == null && !now.isBefore(c.nextStart) && !held(now)) {
        launch(c, now);
        if (failedReason != null) {
          return;
        }
      }
    }
  }

  /**
   * Whether {@code tusk local crash --hold} keeps the pod down: its containers are not restarted
   * before the time in {@value PodRuntime#HOLD_FILE} (an outage longer than a restart).
   */
  private boolean held(Instant now) {
    Path hold = podDir.resolve(PodRuntime.HOLD_FILE);
    try {
      if (Files.exists(hold)) {
        long until = Long.parseLong(Files.readString(hold).strip());
        if (now.toEpochMilli() < until) {
          return true;
        }
        Files.deleteIfExists(hold);
      }
    } catch (IOException | NumberFormatException e) {
      return false;
    }
    return false;
  }

  /**
   * After a container's main process exits, nothing it started may linger (a container dies whole).
   */
  private void killLeftovers(ContainerRun c) {
    if (inits.size() + mains.size() == 1 || c.init) {
      PodNetwork.killAll(netns(), "KILL");
    }
  }

  /** Whether the image asked for its service to be restarted in place ({@link LaunchPlan}). */
  private static boolean serviceRestarted(ContainerRun c) {
    Path marker = c.serviceRestartFile;
    try {
      return marker != null && Files.deleteIfExists(marker);
    } catch (IOException e) {
      return false;
    }
  }

  private void launch(ContainerRun c, Instant now) {
    launch(c, now, false);
  }

  /**
   * @param inPlace the container's service restarts within the same run: same log, same start time,
   *     no restart counted
   */
  private void launch(ContainerRun c, Instant now, boolean inPlace) {
    Container spec = c.spec;
    Optional<ContainerImage> image = runtime.image(spec.getImage());
    if (image.isEmpty()) {
      fail("UnknownImage", runtime.unknownImageReason(spec.getImage()));
      return;
    }
    Map<String, String> env;
    try {
      env = runtime.environment().resolve(pod, spec, ip, PodNetwork.BRIDGE_IP);
    } catch (PodEnvironment.ConfigException e) {
      c.waitingReason = "CreateContainerConfigError";
      c.waitingMessage = e.getMessage();
      c.nextStart = now.plusSeconds(2);
      return;
    }
    try {
      Path scratch =
          user.directory(podDir.resolve("containers").resolve(spec.getName()), "rwx------");
      ContainerContext ctx =
          new ContainerContext(
              pod.getMetadata().getName(),
              pod.getMetadata().getNamespace(),
              ip,
              spec.getName(),
              spec.getCommand(),
              spec.getArgs(),
              env,
              HostVolumes.mounts(spec, volumes),
              scratch,
              PodProcesses.POD_USER,
              kubeconfig,
              io.tusk.local.pki.Kubeconfigs.CONTEXT);
      LaunchPlan plan = image.get().prepare(ctx);
      Path logs = Files.createDirectories(logDir(spec.getName()));
      StringBuilder head = new StringBuilder();
      head.append(now).append(" run ").append(c.restartCount).append(": starting ");
      head.append(spec.getName()).append(" (").append(spec.getImage()).append(")\n");
      for (String note : plan.notes()) {
        head.append(now).append(" run ").append(c.restartCount).append(": ").append(note);
        head.append('\n');
      }
      // The node's own notes stay out of the container's log, as a kubelet's would.
      Files.writeString(
          logs.resolve(RUNS_FILE),
          head.toString(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      Path log = logs.resolve(c.restartCount + ".log");
      if (!inPlace) {
        // Like the kubelet, keep the current and the previous run's log only.
        Files.deleteIfExists(logs.resolve((c.restartCount - 2) + ".log"));
        Files.deleteIfExists(log);
      }
      c.env = plan.env();
      c.execAliases = plan.execAliases();
      c.serviceRestartFile = plan.serviceRestartFile();
      if (c.serviceRestartFile != null) {
        Files.deleteIfExists(c.serviceRestartFile);
      }
      c.workingDirectory = plan.workingDirectory();
      c.process = PodProcesses.start(netns(), plan.command(), plan.env(), plan.workingDirectory());
      c.log = ContainerLogWriter.start(c.process, log, key + " " + spec.getName());
      c.logRun = c.restartCount;
      c.lastPid = c.process.pid();
      if (!inPlace) {
        c.startedAt = now;
      }
      c.terminated = null;
      c.waitingReason = null;
      c.waitingMessage = null;
      c.nextProbe = now.plusSeconds(initialDelay(spec.getReadinessProbe()));
      LOG.info("pod {}: started {} (pid {})", key, spec.getName(), c.process.pid());
    } catch (ImageException e) {
      fail("ImageNotRunnable", e.reason());
    } catch (IOException e) {
      c.waitingReason = "RunContainerError";
      c.waitingMessage = e.getMessage();
      c.nextStart = now.plusSeconds(5);
    }
  }

  private static int initialDelay(Probe p) {
    return p == null || p.getInitialDelaySeconds() == null ? 0 : p.getInitialDelaySeconds();
  }

  private void fail(String reason, String message) {
    failedReason = reason;
    failedMessage = message;
    for (ContainerRun c : all()) {
      if (c.process == null && !c.done) {
        c.waitingReason = reason;
        c.waitingMessage = message;
      }
    }
    LOG.warn("pod {}: {}: {}", key, reason, message);
  }

  private void probe(Instant now) {
    for (ContainerRun c : mains) {
      if (!c.running()) {
        continue;
      }
      Probe p = c.spec.getReadinessProbe();
      if (p == null) {
        c.ready = true;
        continue;
      }
      if (now.isBefore(c.nextProbe)) {
        continue;
      }
      boolean ok = Probes.run(p, c.spec, ip, netns(), c.env);
      int period = p.getPeriodSeconds() == null ? 10 : Math.max(1, p.getPeriodSeconds());
      c.nextProbe = now.plusSeconds(period);
      if (ok) {
        c.probeFailures = 0;
        c.probeSuccesses++;
        int needed = p.getSuccessThreshold() == null ? 1 : p.getSuccessThreshold();
        if (c.probeSuccesses >= needed) {
          c.ready = true;
        }
      } else {
        c.probeSuccesses = 0;
        c.probeFailures++;
        int allowed = p.getFailureThreshold() == null ? 3 : p.getFailureThreshold();
        if (c.probeFailures >= allowed || !c.ready) {
          c.ready = false;
        }
      }
    }
  }

  /**
   * Where a container's logs are: {@code <run>.log} per run (the restart count it started with, in
   * the {@link CriLog} format) and {@value #RUNS_FILE}, the node's notes on each run.
   */
  Path logDir(String container) {
    return podDir.resolve("logs").resolve(container);
  }

  /** The directory of all containers' logs; null before the sandbox is set up. */
  Path logDirRoot() {
    Path dir = podDir;
    return dir == null ? null : dir.resolve("logs");
  }

  /** The container's run state, if the pod has a container of that name. */
  Optional<ContainerRun> container(String name) {
    return all().stream().filter(c -> c.spec.getName().equals(name)).findFirst();
  }

  // Read by PodStatusReport.
  List<ContainerRun> inits() {
    return inits;
  }

  List<ContainerRun> mains() {
    return mains;
  }

  String failedReason() {
    return failedReason;
  }

  String failedMessage() {
    return failedMessage;
  }

  Instant startTime() {
    return startTime;
  }

  boolean sandboxReady() {
    return sandbox;
  }

  boolean initialized() {
    return inits.stream().allMatch(c -> c.done);
  }

  /**
   * Stops the pod: SIGTERM to every container's process, SIGKILL to all that is left in the
   * namespace once {@code grace} has passed, then removes the sandbox and the pod's directory
   * (claims' directories stay). Blocks the calling thread.
   */
  void terminate(Duration grace) {
    stopping = true;
    thread.shutdown();
    try {
      thread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Process> running = new ArrayList<>();
    for (ContainerRun c : all()) {
      if (c.running()) {
        c.process.destroy(); // SIGTERM
        running.add(c.process);
      }
    }
    long deadline = System.nanoTime() + grace.toNanos();
    for (Process p : running) {
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        p.waitFor(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    String ns = netns();
    if (sandbox) {
      // Children that outlive their container's main process, within the rest of the grace.
      while (!PodNetwork.pids(ns).isEmpty() && System.nanoTime() < deadline) {
        PodNetwork.killAll(ns, "TERM");
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    try {
      PodNetwork.deleteSandbox(ns);
    } catch (IOException e) {
      LOG.warn("pod {}: removing sandbox: {}", key, e.toString());
    }
    runtime.addresses().release(uid);
    if (podDir != null) {
      PodRuntime.deleteTree(podDir);
    }
    LOG.info("pod {}: stopped", key);
  }
}
