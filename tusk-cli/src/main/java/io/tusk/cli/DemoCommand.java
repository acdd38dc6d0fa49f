package io.tusk.cli;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.images.Installations;
import io.tusk.images.PostgresInstallation;
import io.tusk.images.SoftwareInstaller;
import io.tusk.local.ControlPlaneSettings;
import io.tusk.local.LocalControlPlane;
import io.tusk.local.Progress;
import io.tusk.local.binaries.BinaryCache;
import io.tusk.local.binaries.BinaryResolver;
import io.tusk.local.cli.Errors;
import io.tusk.local.cli.StateOptions;
import io.tusk.local.host.HostPrerequisites;
import io.tusk.local.pki.Kubeconfigs;
import io.tusk.local.state.ClusterState;
import io.tusk.local.state.StateLayout;
import io.tusk.operator.database.ServiceDnsPrimaryResolver;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tusk local demo}: the quick start for anyone without a Kubernetes cluster. Installs what
 * the process node runs, brings the local control plane up with real pods, starts the operator
 * beside it (detached, stopped by {@code tusk local down}), applies a two-instance cluster and
 * waits until Patroni has elected a leader and a client on this host can log in; then prints a
 * {@code psql} command that works from the host. Running it again reuses what runs already.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Bring up the local control plane with real pods, the operator and a two-instance",
      "PostgreSQL cluster, then print a psql command that connects to it from this host."
    })
public final class DemoCommand implements Callable<Integer> {

  static final String OPERATOR = "operator";

  @Spec CommandSpec spec;
  @Mixin StateOptions state;

  @Option(
      names = "--name",
      defaultValue = "acid-demo",
      description = "Cluster name (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(
      names = {"-n", "--namespace"},
      defaultValue = "default",
      description = "Namespace (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(
      names = "--instances",
      defaultValue = "2",
      description = "numberOfInstances (default: ${DEFAULT-VALUE}).")
  int instances;

  @Option(
      names = "--pg-version",
      paramLabel = "MAJOR",
      description =
          "PostgreSQL major (default: the newest installed with TLS, as Spilo serves it).")
  Integer pgVersion;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "300",
      description = "How long to wait for the cluster (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(
      names = "--primary-address",
      paramLabel = "auto|dns|service_ip|pod_ip",
      description =
          "How the operator reaches each primary, when the demo starts it (default: auto; see `tusk operator --help`).")
  OperatorCommand.PrimaryAddress primaryAddress;

  /** require, or disable for a build without OpenSSL (its pg_hba has no hostssl lines). */
  private String sslmode = "require";

  @Override
  public Integer call() {
    Progress progress = new Progress(spec.commandLine().getOut());
    return Errors.guard(spec, () -> run(progress));
  }

  private int run(Progress progress) throws Exception {
    if (!name.startsWith("acid-")) {
      throw new IllegalArgumentException("--name must start with the team id: acid-");
    }
    // The same prerequisite step as `tusk local up` and `install`, before any other work.
    HostPrerequisites.ofThisProcess()
        .ensure(
            new HostPrerequisites.Needs(
                true,
                new BinaryResolver(BinaryCache.defaultCache(), progress)
                    .needsBuild(BinaryResolver.userBinDir(null))),
            progress);
    progress.step("checking the software pods run (Patroni, PostgreSQL, PgBouncer)");
    Installations installed = SoftwareInstaller.ensureInstalled(line -> progress.step("  " + line));
    List<Integer> majors = installed.availablePostgresMajors();
    // Spilo serves TLS; the newest build with OpenSSL is the faithful default.
    int major =
        pgVersion != null
            ? pgVersion
            : installed.postgresInstallations().stream()
                .filter(PostgresInstallation::ssl)
                .mapToInt(PostgresInstallation::major)
                .max()
                .orElse(majors.get(majors.size() - 1));
    PostgresInstallation build =
        installed
            .postgres(major)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "PostgreSQL " + major + " is not installed here; installed: " + majors));
    sslmode = build.ssl() ? "require" : "disable";

    StateLayout layout = state.layout();
    LocalControlPlane controlPlane =
        new LocalControlPlane(ControlPlaneSettings.defaults(layout), progress);
    controlPlane.up();
    ClusterState cs = ClusterState.read(layout.stateFile()).orElseThrow();
    if (cs.simulatePods()) {
      throw new IllegalStateException(
          "the control plane in "
              + layout.root()
              + " simulates pods; the demo needs real ones: run `tusk local down` first");
    }

    try (KubernetesClient client = Kubeconfigs.client(layout.adminKubeconfig())) {
      if (client.namespaces().withName(namespace).get() == null) {
        client
            .namespaces()
            .resource(
                new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
            .serverSideApply();
      }
      applyRbac(client, progress);
      startOperator(controlPlane, layout, progress);
      progress.step(
          "applying postgresql "
              + namespace
              + "/"
              + name
              + " (PostgreSQL "
              + major
              + ", "
              + instances
              + " instances)");
      client.resource(manifest(client, major)).inNamespace(namespace).serverSideApply();
      awaitLeader(client, progress);
      String host = masterClusterIp(client);
      awaitLogin(client, host, progress);
      printConnection(progress, host, major);
    }
    return 0;
  }

  private static void applyRbac(KubernetesClient client, Progress progress) throws Exception {
    Path rbac = Path.of(System.getProperty("tusk.root.dir", ".")).resolve("deploy/rbac.yaml");
    if (!Files.isRegularFile(rbac)) {
      throw new IllegalStateException(
          rbac + " not found (run the demo from the repository, through ./tusk)");
    }
    try (InputStream in = Files.newInputStream(rbac)) {
      for (HasMetadata o : client.load(in).items()) {
        client.resource(o).serverSideApply();
      }
    }
    progress.step(
        "applied " + rbac.getFileName() + " (the operator's service account and the pods' role)");
  }

  private void startOperator(LocalControlPlane controlPlane, StateLayout layout, Progress progress)
      throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    LocalControlPlane.AttachResult r =
        controlPlane.attachJvm(
            OPERATOR,
            List.of(
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-Dtusk.root.dir=" + System.getProperty("tusk.root.dir", ".")),
            TuskCli.class.getName(),
            operatorArgs(port),
            Map.of("KUBECONFIG", layout.adminKubeconfig().toString()));
    progress.step(
        (r.started() ? "started the operator" : "the operator runs already")
            + " (pid "
            + r.process().pid()
            + ", log "
            + r.process().log()
            + ")");
  }

  private List<String> operatorArgs(int port) {
    List<String> args =
        new ArrayList<>(
            List.of("operator", "--namespace", namespace, "--http-port", Integer.toString(port)));
    if (primaryAddress != null) {
      args.addAll(List.of("--primary-address", primaryAddress.name()));
    }
    return args;
  }

  private HasMetadata manifest(KubernetesClient client, int major) {
    String yaml =
        String.join(
            "\n",
            "apiVersion: acid.zalan.do/v1",
            "kind: postgresql",
            "metadata: {name: " + name + ", namespace: " + namespace + "}",
            "spec:",
            "  teamId: acid",
            "  volume: {size: 1Gi}",
            "  numberOfInstances: " + instances,
            "  users:",
            "    zalando: [superuser, createdb]",
            "    foo_user: []",
            "  databases: {foo: zalando}",
            "  postgresql: {version: \"" + major + "\"}");
    return client.getKubernetesSerialization().unmarshal(yaml, Postgresql.class);
  }

  /** Waits for every pod Ready, one labelled master, and the manifest's status Running. */
  private void awaitLeader(KubernetesClient client, Progress progress) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    String last = "";
    while (true) {
      List<Pod> pods =
          client.pods().inNamespace(namespace).withLabel("cluster-name", name).list().getItems();
      Postgresql pg =
          client.resources(Postgresql.class).inNamespace(namespace).withName(name).get();
      String status =
          pg == null || pg.getStatus() == null ? "-" : pg.getStatus().getPostgresClusterStatus();
      StringBuilder seen = new StringBuilder("status " + status + "; pods:");
      long ready = 0;
      long masters = 0;
      for (Pod p : pods) {
        String role =
            p.getMetadata().getLabels() == null
                ? null
                : p.getMetadata().getLabels().get("spilo-role");
        boolean isReady = ServiceDnsPrimaryResolver.isReady(p);
        ready += isReady ? 1 : 0;
        masters += "master".equals(role) && isReady ? 1 : 0;
        seen.append(' ')
            .append(p.getMetadata().getName())
            .append('=')
            .append(p.getStatus() == null ? "?" : p.getStatus().getPhase())
            .append(isReady ? "/ready" : "")
            .append(role == null ? "" : "/" + role);
      }
      if (!seen.toString().equals(last)) {
        progress.step("  " + seen);
        last = seen.toString();
      }
      if (pods.size() == instances
          && ready == instances
          && masters == 1
          && "Running".equals(status)) {
        return;
      }
      List<String> now = warnings(client);
      if (!now.equals(lastWarnings)) {
        now.stream().filter(w -> !lastWarnings.contains(w)).forEach(w -> progress.step("  " + w));
        lastWarnings = now;
      }
      if (System.nanoTime() > deadline) {
        String message = pg == null || pg.getStatus() == null ? null : pg.getStatus().getMessage();
        throw new IllegalStateException(
            "the cluster did not come up within "
                + timeoutSeconds
                + "s ("
                + seen
                + ")"
                + (message == null || message.isEmpty() ? "" : "\n  status message: " + message)
                + (now.isEmpty() ? "" : "\n  " + String.join("\n  ", now))
                + "\nsee `tusk local kubectl describe postgresql,pods -n "
                + namespace
                + "` and the operator log in "
                + state.layout().log(OPERATOR));
      }
      Thread.sleep(1000);
    }
  }

  private List<String> lastWarnings = List.of();

  /**
   * The cluster's last {@value #WARNINGS} Warning Events, oldest first, as "Warning Reason (n
   * times): message": where the operator says why a cluster does not come up.
   */
  private List<String> warnings(KubernetesClient client) {
    List<Event> events;
    try {
      events =
          client
              .v1()
              .events()
              .inNamespace(namespace)
              .withField("involvedObject.name", name)
              .withField("type", "Warning")
              .list()
              .getItems()
              .stream()
              .filter(e -> "postgresql".equals(e.getInvolvedObject().getKind()))
              .sorted(Comparator.comparing(DemoCommand::lastSeen))
              .toList();
    } catch (KubernetesClientException e) {
      return lastWarnings;
    }
    return events.subList(Math.max(0, events.size() - WARNINGS), events.size()).stream()
        .map(
            e ->
                "Warning "
                    + e.getReason()
                    + (e.getCount() != null && e.getCount() > 1
                        ? " (" + e.getCount() + " times)"
                        : "")
                    + ": "
                    + e.getMessage())
        .toList();
  }

  private static final int WARNINGS = 3;

  private static String lastSeen(Event e) {
    String t = e.getLastTimestamp() != null ? e.getLastTimestamp() : e.getFirstTimestamp();
    return t == null ? "" : t;
  }

  private String masterClusterIp(KubernetesClient client) {
    Service s = client.services().inNamespace(namespace).withName(name).get();
    return s.getSpec().getClusterIP();
  }

  private String secretName() {
    return "postgres." + name + ".credentials.postgresql.acid.zalan.do";
  }

  /**
   * Logs in as the manifest's superuser through the master Service, as the printed command will.
   */
  private void awaitLogin(KubernetesClient client, String host, Progress progress)
      throws InterruptedException {
    Secret secret = client.secrets().inNamespace(namespace).withName(secretName()).get();
    String password =
        new String(
            Base64.getDecoder().decode(secret.getData().get("password")), StandardCharsets.UTF_8);
    Properties p = new Properties();
    p.setProperty("user", "postgres");
    p.setProperty("password", password);
    p.setProperty("sslmode", sslmode);
    p.setProperty("connectTimeout", "3");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try (Connection c =
              DriverManager.getConnection("jdbc:postgresql://" + host + ":5432/postgres", p);
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery("select current_setting('server_version'), pg_is_in_recovery()")) {
        rs.next();
        progress.step(
            "logged in through the master Service "
                + host
                + ": PostgreSQL "
                + rs.getString(1)
                + (rs.getBoolean(2) ? " (a replica?)" : ", primary"));
        return;
      } catch (SQLException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "could not log in through the master Service " + host + ": " + e.getMessage());
        }
        Thread.sleep(1000);
      }
    }
  }

  private void printConnection(Progress progress, String host, int major) {
    String kubectl =
        "./tusk local kubectl"
            + (state.layout().equals(StateLayout.defaultLayout())
                ? ""
                : " --state-dir " + state.layout().root());
    progress.plain("");
    progress.plain(
        "tusk local: "
            + namespace
            + "/"
            + name
            + " runs (PostgreSQL "
            + major
            + ", "
            + instances
            + " instances, after "
            + Progress.format(progress.elapsed())
            + "). Connect from this host:");
    progress.plain("");
    progress.plain(
        "  PGPASSWORD=$("
            + kubectl
            + " get secret -n "
            + namespace
            + " "
            + secretName()
            + " -o 'jsonpath={.data.password}' | base64 -d) psql \"host="
            + host
            + " user=postgres dbname=postgres sslmode="
            + sslmode
            + "\"");
    progress.plain("");
    progress.plain(
        "Who is the leader:   "
            + kubectl
            + " get pods -n "
            + namespace
            + " -L spilo-role -l cluster-name="
            + name);
    progress.plain(
        "Crash it (failover): ./tusk local crash -n " + namespace + " <master pod> --hold 40");
    progress.plain("Stop everything:     ./tusk local down");
  }
}
