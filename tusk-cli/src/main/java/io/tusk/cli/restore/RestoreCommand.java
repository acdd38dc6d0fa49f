package io.tusk.cli.restore;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.tusk.api.acid.v1.PostgresStatus;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.cli.cluster.ClusterTarget;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.operator.backup.PodExec;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.labels.Labels;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tusk restore CLUSTER --to TARGET}: loads a logical backup of {@code CLUSTER} into {@code
 * TARGET}. A missing target is created from the source's manifest (without its clone and standby
 * sections); the operator then makes its roles, databases and credential Secrets as for any new
 * cluster. The dump goes to {@code psql} in the target's primary, without the roles and databases
 * that exist there ({@link DumpFilter}), so every password in the target's Secrets stays valid.
 */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Restores a logical backup of CLUSTER (the dumps of its logical backup job in S3) into a new"
          + " cluster made from CLUSTER's manifest, or into an existing one.",
      "The roles and databases the operator made in the target are kept as they are (so the"
          + " passwords in its Secrets stay valid); everything else in the dump is loaded."
    })
public final class RestoreCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ClusterTarget source;

  @Option(
      names = "--to",
      paramLabel = "TARGET",
      description = "The cluster to restore into; created from CLUSTER's manifest when missing.")
  String target;

  @Option(
      names = "--backup",
      paramLabel = "NAME",
      description =
          "The dump to restore: its file name (e.g. 1765075205.sql.gz) or key; default:"
              + " the newest.")
  String backup;

  @Option(
      names = "--uid",
      description =
          "CLUSTER's metadata.uid, which names its dumps; needed only when its postgresql"
              + " is gone.")
  String uid;

  @Option(names = "--list", description = "Only list CLUSTER's dumps.")
  boolean listOnly;

  @Option(
      names = "--into-existing",
      description =
          "Restore into TARGET although it exists already (its tables that the dump also has get"
              + " the dump's rows added).")
  boolean intoExisting;

  @Option(
      names = "--timeout",
      description =
          "How long to wait for the target's primary and for the restore (default:"
              + " 30 minutes each).")
  Duration timeout = Duration.ofMinutes(30);

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!listOnly && (target == null || target.isBlank())) {
      err.println("error: --to TARGET is required (or --list to see the dumps)");
      return 2;
    }
    if (!listOnly && target.equals(source.name())) {
      err.println("error: --to names the source itself; restore into another cluster");
      return 2;
    }
    try (ClusterTarget.Session session = source.open(false)) {
      KubernetesClient client = session.client();
      OperatorConfig config = session.config();
      String ns = session.namespace();
      Postgresql from = session.manifest();
      String sourceUid = uid != null ? uid : from == null ? null : from.getMetadata().getUid();
      if (sourceUid == null) {
        err.println(
            "error: postgresql "
                + ns
                + "/"
                + source.name()
                + " is gone; pass its uid with --uid (it names the dumps' folder:"
                + " .../"
                + source.name()
                + "/<uid>/logical_backups/)");
        return 1;
      }
      LogicalBackups.Settings settings =
          LogicalBackups.settings(config, jobSecret(client, config, ns), System.getenv());
      String prefix = LogicalBackups.prefix(config, source.name(), sourceUid);
      try (LogicalBackups store = LogicalBackups.connect(settings)) {
        List<LogicalBackups.Dump> dumps = store.list(prefix);
        if (listOnly) {
          out.printf("%-60s %12s  %s%n", "KEY", "BYTES", "WRITTEN");
          dumps.forEach(d -> out.printf("%-60s %12d  %s%n", d.key(), d.size(), d.written()));
          if (dumps.isEmpty()) {
            out.println("(no dumps under " + settings + "/" + prefix + ")");
          }
          out.flush();
          return 0;
        }
        if (dumps.isEmpty()) {
          err.println("error: no logical backups under " + settings + "/" + prefix);
          return 1;
        }
        LogicalBackups.Dump dump = choose(dumps, backup);
        if (dump == null) {
          err.println("error: no dump named " + backup + " under " + settings + "/" + prefix);
          return 1;
        }
        Postgresql into = client.resources(Postgresql.class).inNamespace(ns).withName(target).get();
        if (into == null) {
          if (from == null) {
            err.println(
                "error: postgresql "
                    + ns
                    + "/"
                    + target
                    + " does not exist and "
                    + source.name()
                    + "'s manifest is gone to make it from: create "
                    + target
                    + " first, then restore into it");
            return 1;
          }
          into = client.resource(targetOf(from, target)).create();
          out.println("created postgresql " + ns + "/" + target + " from " + source.name());
        } else if (!intoExisting) {
          err.println(
              "error: postgresql "
                  + ns
                  + "/"
                  + target
                  + " exists already; restoring into it adds the dump's rows to its tables."
                  + " Pass --into-existing to do so, or name a new cluster");
          return 1;
        }
        out.println("restoring " + dump.key() + " (" + dump.size() + " bytes) into " + target);
        out.println("waiting for the primary of " + target + " ...");
        out.flush();
        String pod = awaitPrimary(client, config, into, out);
        List<String> psql =
            List.of("psql", "-U", config.get(Options.SUPER_USERNAME), "-d", "postgres", "-X");
        DumpFilter filter = awaitManifestObjects(client, ns, pod, psql, into, out);
        Instant started = Instant.now();
        List<String> load = new java.util.ArrayList<>(psql);
        load.addAll(List.of("-q", "-v", "ON_ERROR_STOP=0"));
        PodExec.Result r =
            PodExec.runWithInput(
                client,
                ns,
                pod,
                "postgres",
                load,
                stdin -> copy(store.open(dump.key()), filter, stdin),
                timeout);
        return report(r, filter, Duration.between(started, Instant.now()), out, err);
      }
    } catch (IllegalArgumentException
        | IllegalStateException
        | IOException
        | io.fabric8.kubernetes.client.KubernetesClientException
        | software.amazon.awssdk.core.exception.SdkException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  /** The newest dump, or the one whose key or file name is {@code name}. */
  static LogicalBackups.Dump choose(List<LogicalBackups.Dump> dumps, String name) {
    if (name == null || name.isBlank()) {
      return dumps.get(dumps.size() - 1);
    }
    return dumps.stream()
        .filter(d -> d.key().equals(name) || d.key().endsWith("/" + name))
        .findFirst()
        .orElse(null);
  }

  /**
   * A new cluster like {@code source}: its spec without {@code clone} and {@code standby} (the data
   * comes from the dump), its labels, none of its annotations or status.
   */
  static Postgresql targetOf(Postgresql source, String name) {
    Postgresql copy = new KubernetesSerialization().clone(source);
    copy.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(source.getMetadata().getNamespace())
            .withLabels(source.getMetadata().getLabels())
            .build());
    copy.setStatus(null);
    copy.getSpec().setClone(null);
    copy.getSpec().setStandby(null);
    return copy;
  }

  private String awaitPrimary(
      KubernetesClient client, OperatorConfig config, Postgresql into, PrintWriter out)
      throws InterruptedException {
    String ns = into.getMetadata().getNamespace();
    Map<String, String> selector = new HashMap<>(Labels.of(ClusterModel.of(into, config)).base());
    selector.put(config.get(Options.POD_ROLE_LABEL), "master");
    Instant deadline = Instant.now().plus(timeout);
    String said = "";
    while (Instant.now().isBefore(deadline)) {
      Postgresql now = client.resources(Postgresql.class).inNamespace(ns).withName(target).get();
      if (now == null) {
        throw new IllegalStateException("postgresql " + ns + "/" + target + " was deleted");
      }
      PostgresStatus status = now.getStatus();
      String state = status == null ? "" : status.getPostgresClusterStatus();
      if (PostgresStatus.INVALID.equals(state)) {
        throw new IllegalStateException(
            target + " is Invalid: " + (status.getMessage() == null ? "" : status.getMessage()));
      }
      if (!state.equals(said) && !state.isEmpty()) {
        out.println("  " + target + ": " + state);
        out.flush();
        said = state;
      }
      for (Pod p : client.pods().inNamespace(ns).withLabels(selector).list().getItems()) {
        PodExec.Result ready =
            PodExec.run(
                client,
                ns,
                p.getMetadata().getName(),
                "postgres",
                List.of(
                    "psql",
                    "-U",
                    config.get(Options.SUPER_USERNAME),
                    "-d",
                    "postgres",
                    "-tAXc",
                    "select not pg_is_in_recovery()"),
                Duration.ofSeconds(20));
        if (ready.ok() && ready.output().strip().equals("t")) {
          return p.getMetadata().getName();
        }
      }
      Thread.sleep(2000);
    }
    throw new IllegalStateException(
        "no writable primary of " + target + " after " + timeout + " (see kubectl describe)");
  }

  /**
   * Waits until the operator has made the target's manifest roles and databases (they must exist
   * before the dump is loaded, or the dump would create them with the source's passwords), and
   * returns the filter for what exists then.
   */
  private DumpFilter awaitManifestObjects(
      KubernetesClient client,
      String ns,
      String pod,
      List<String> psql,
      Postgresql into,
      PrintWriter out)
      throws InterruptedException {
    Set<String> wantedRoles = new LinkedHashSet<>();
    Set<String> wantedDatabases = new LinkedHashSet<>();
    if (into.getSpec().getUsers() != null) {
      wantedRoles.addAll(into.getSpec().getUsers().keySet());
    }
    if (into.getSpec().getDatabases() != null) {
      wantedDatabases.addAll(into.getSpec().getDatabases().keySet());
    }
    if (into.getSpec().getPreparedDatabases() != null) {
      wantedDatabases.addAll(into.getSpec().getPreparedDatabases().keySet());
    }
    Instant deadline = Instant.now().plus(timeout);
    boolean said = false;
    while (true) {
      Set<String> roles = query(client, ns, pod, psql, "select rolname from pg_roles");
      Set<String> databases = query(client, ns, pod, psql, "select datname from pg_database");
      if (roles.containsAll(wantedRoles) && databases.containsAll(wantedDatabases)) {
        return new DumpFilter(roles, databases);
      }
      if (!Instant.now().isBefore(deadline)) {
        Set<String> missing = new LinkedHashSet<>(wantedRoles);
        missing.removeAll(roles);
        Set<String> missingDatabases = new LinkedHashSet<>(wantedDatabases);
        missingDatabases.removeAll(databases);
        throw new IllegalStateException(
            "the operator has not made "
                + target
                + "'s roles "
                + missing
                + " and databases "
                + missingDatabases
                + " after "
                + timeout);
      }
      if (!said) {
        out.println("waiting for the operator to make the roles and databases of " + target);
        out.flush();
        said = true;
      }
      Thread.sleep(2000);
    }
  }

  private static Set<String> query(
      KubernetesClient client, String ns, String pod, List<String> psql, String sql)
      throws InterruptedException {
    List<String> command = new java.util.ArrayList<>(psql);
    command.addAll(List.of("-tAc", sql));
    PodExec.Result r = PodExec.run(client, ns, pod, "postgres", command, Duration.ofSeconds(30));
    if (!r.ok()) {
      throw new IllegalStateException("cannot read the target's catalog: " + r.both());
    }
    Set<String> names = new LinkedHashSet<>();
    r.output().lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(names::add);
    return names;
  }

  /** The gunzipped dump, line by line through the filter, then psql's quit. */
  static void copy(InputStream gzipped, DumpFilter filter, OutputStream stdin) throws IOException {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(new GZIPInputStream(gzipped, 1 << 16), StandardCharsets.UTF_8),
            1 << 16)) {
      byte[] newline = {'\n'};
      String line;
      while ((line = in.readLine()) != null) {
        if (filter.keep(line)) {
          stdin.write(line.getBytes(StandardCharsets.UTF_8));
          stdin.write(newline);
        }
      }
    }
    // psql stops here even where the exec's stdin cannot signal its end.
    stdin.write("\n\\q\n".getBytes(StandardCharsets.UTF_8));
  }

  /**
   * What psql said: errors on objects that exist in the target already (Spilo's own schemas and
   * extensions, say) are listed as skipped; any other error fails the restore.
   */
  private int report(
      PodExec.Result r, DumpFilter filter, Duration took, PrintWriter out, PrintWriter err) {
    List<String> errors = r.errors().lines().filter(l -> l.contains("ERROR:")).toList();
    List<String> existing = errors.stream().filter(l -> l.contains("already exists")).toList();
    List<String> other = errors.stream().filter(l -> !l.contains("already exists")).toList();
    out.println(
        "kept as "
            + target
            + " has them: "
            + filter.skippedRoles()
            + " roles (their passwords are those of "
            + target
            + "'s Secrets), "
            + filter.skippedDatabases()
            + " databases (their contents were restored)");
    if (!existing.isEmpty()) {
      out.println(existing.size() + " objects existed already and were left as they are:");
      existing.stream().limit(20).forEach(l -> out.println("  " + l.strip()));
    }
    if (r.timedOut()) {
      err.println("error: the restore still ran after " + timeout);
      return 1;
    }
    if (r.code() != 0 || !other.isEmpty()) {
      err.println(
          "error: the restore failed"
              + (r.code() != 0 ? " (psql exit " + r.code() + ")" : "")
              + "; "
              + other.size()
              + " errors:");
      other.stream().limit(20).forEach(l -> err.println("  " + l.strip()));
      if (r.code() != 0 && other.isEmpty()) {
        err.println("  " + r.both());
      }
      return 1;
    }
    out.println("restored into " + target + " in " + took.toSeconds() + " s");
    out.flush();
    return 0;
  }

  private static Map<String, String> jobSecret(
      KubernetesClient client, OperatorConfig config, String ns) {
    String name = config.get(Options.LOGICAL_BACKUP_CRONJOB_ENVIRONMENT_SECRET);
    if (name == null || name.isBlank()) {
      return Map.of();
    }
    Secret secret = client.secrets().inNamespace(ns).withName(name).get();
    if (secret == null || secret.getData() == null) {
      return Map.of();
    }
    Map<String, String> values = new HashMap<>();
    secret
        .getData()
        .forEach(
            (k, v) ->
                values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    return values;
  }
}
