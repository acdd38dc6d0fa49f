package io.tusk.operator.database;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tusk.api.acid.v1.PostgresTeam;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.operator.secrets.CredentialSecrets;
import io.tusk.operator.status.EventReason;
import io.tusk.operator.status.EventSink;
import io.tusk.operator.sync.CredentialSecretWriter;
import io.tusk.operator.sync.ObjectApplier;
import io.tusk.operator.sync.StatefulSetSync;
import io.tusk.operator.teams.PostgresTeamWatch;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.PasswordSource;
import io.tusk.spec.PostgresRole;
import io.tusk.spec.labels.Labels;
import io.tusk.spec.naming.ClusterNames;
import io.tusk.spec.roles.RoleOrigin;
import io.tusk.spec.secret.UserSecrets;
import io.tusk.sql.ConnectionTarget;
import io.tusk.sql.DatabaseDesiredState;
import io.tusk.sql.InvalidDesiredStateException;
import io.tusk.sql.RoleSync;
import io.tusk.sql.SyncOptions;
import io.tusk.sql.SyncResult;
import io.tusk.sql.rotation.CredentialDecision;
import io.tusk.sql.rotation.StoredCredentials;
import io.tusk.sql.sources.RoleSources;
import io.tusk.sql.sources.SecretUser;
import io.tusk.sql.sources.WantedRoles;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database step of a reconcile: makes the roles and databases inside a cluster's PostgreSQL
 * match the manifest and the configuration. Mirrors the tail of Zalando's {@code sync.go#Sync} /
 * {@code cluster.go#Create} (v2.0.1): {@code initUsers} and {@code syncSecrets} (credentials and
 * rotation), then {@code syncRoles}, {@code syncDatabases}, {@code syncPreparedDatabases}, run
 * after the Kubernetes objects are in place. The work inside PostgreSQL is tusk-sql's {@link
 * RoleSync}; this class supplies its inputs and reports its outcome:
 *
 * <ol>
 *   <li>decide whether to connect at all ({@link SyncDecision}); skip while the primary is not
 *       ready ({@link PrimaryResolver}), retrying with a growing delay;
 *   <li>read team members, PostgresTeams and infrastructure roles ({@link ExternalRoleInputs});
 *   <li>read the credentials Secrets, decide passwords and rotation ({@link
 *       io.tusk.sql.rotation.CredentialPlanner}), write the Secrets that change ({@link
 *       CredentialSecretWriter}); a user whose Secret cannot be written keeps its passwords as they
 *       are (degraded), so Secret and database never disagree; pods that read a password rotated in
 *       place are flagged for a rolling update;
 *   <li>connect to the primary as the superuser (password from its Secret) and sync, passing the
 *       roles and databases managed last time ({@link ManagedNames}) so that what left the manifest
 *       is retired;
 *   <li>record Events ({@link SyncReport}) and remember the outcome; a failure is reported as the
 *       cluster's failed status naming each role or database, and retried.
 * </ol>
 *
 * <p>Thread-safe: clusters reconcile concurrently; the per-cluster memory is keyed by UID.
 */
public final class DatabaseSync {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseSync.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration MIN_RETRY = Duration.ofSeconds(5);

  /**
   * How long a new cluster's first sync may find its fresh primary unreachable without counting as
   * a failure: the Service in front of a primary that just became Ready may lead nowhere for a few
   * seconds (its endpoints and the node's Service rules follow the pod's readiness).
   */
  static final Duration NEW_PRIMARY_GRACE = Duration.ofSeconds(20);

  private static final Duration NEW_PRIMARY_RETRY = Duration.ofSeconds(2);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

  /** What the step did. */
  public enum State {
    /** Not needed (see the verdict). */
    SKIPPED,
    /** Needed, but the primary is not ready; tried again after {@link Outcome#retryAfter()}. */
    PENDING,
    SYNCED,
    FAILED
  }

  /**
   * @param failure the message for the cluster's failed status while the last sync failed (also
   *     when this reconcile did not sync), or null
   * @param retryAfter when the reconciler should come back although nothing else triggers it
   */
  public record Outcome(
      State state,
      SyncDecision.Verdict verdict,
      String failure,
      Optional<Duration> retryAfter,
      boolean podsFlagged) {
    public Outcome(
        State state, SyncDecision.Verdict verdict, String failure, Optional<Duration> retryAfter) {
      this(state, verdict, failure, retryAfter, false);
    }
  }

  private final KubernetesClient client;
  private final PrimaryResolver resolver;
  private final EventSink events;
  private final Clock clock;
  private final RoleSync roleSync;
  private final PasswordSource passwords;
  private final ExternalRoleInputs inputs;
  private final CredentialSecretWriter secrets;
  private final Supplier<Optional<List<PostgresTeam>>> postgresTeams;
  private final Map<String, SyncDecision.LastSync> history = new ConcurrentHashMap<>();

  /** Since when each cluster's primary has been awaited (not ready at any sync attempt since). */
  private final Map<String, Instant> pendingSince = new ConcurrentHashMap<>();

  private final Map<String, Instant> failingSince = new ConcurrentHashMap<>();

  /** Since when each cluster's primary has been found ready, without a break. */
  private final Map<String, Instant> primarySince = new ConcurrentHashMap<>();

  private final WarningsOnce externalWarnings = new WarningsOnce();

  public DatabaseSync(
      KubernetesClient client,
      PrimaryResolver resolver,
      EventSink events,
      String operatorNamespace,
      Clock clock) {
    this(client, resolver, events, operatorNamespace, clock, Optional::empty);
  }

  /**
   * @param postgresTeams the PostgresTeams as the operator's informer holds them, or empty when it
   *     does not watch them (they are listed then)
   */
  public DatabaseSync(
      KubernetesClient client,
      PrimaryResolver resolver,
      EventSink events,
      String operatorNamespace,
      Clock clock,
      Supplier<Optional<List<PostgresTeam>>> postgresTeams) {
    this(
        client,
        resolver,
        events,
        operatorNamespace,
        clock,
        new RoleSync(),
        PasswordSource.secureRandom(),
        postgresTeams);
  }

  DatabaseSync(
      KubernetesClient client,
      PrimaryResolver resolver,
      EventSink events,
      String operatorNamespace,
      Clock clock,
      RoleSync roleSync,
      PasswordSource passwords) {
    this(client, resolver, events, operatorNamespace, clock, roleSync, passwords, Optional::empty);
  }

  DatabaseSync(
      KubernetesClient client,
      PrimaryResolver resolver,
      EventSink events,
      String operatorNamespace,
      Clock clock,
      RoleSync roleSync,
      PasswordSource passwords,
      Supplier<Optional<List<PostgresTeam>>> postgresTeams) {
    this.client = client;
    this.postgresTeams = postgresTeams;
    this.resolver = resolver;
    this.events = events;
    this.clock = clock;
    this.roleSync = roleSync;
    this.passwords = passwords;
    this.inputs = new ExternalRoleInputs(client, operatorNamespace, postgresTeams);
    this.secrets = new CredentialSecretWriter(client, new ObjectApplier(client));
  }

  /**
   * Runs the step for one cluster whose Kubernetes objects were just applied.
   *
   * @param model the manifest, the configuration and what the observe step saw
   * @param clusterSecrets the cluster's Secrets as cached (for the change check only)
   * @param phaseReason the Event reason of the current flow (Create, Update, Sync)
   */
  public Outcome sync(
      ClusterModel model, Collection<Secret> clusterSecrets, EventReason phaseReason) {
    Postgresql pg = model.cluster();
    OperatorConfig config = model.config();
    String key = key(pg);
    Optional<SyncDecision.Verdict> excluded = SyncDecision.excluded(pg, config);
    if (excluded.isPresent()) {
      forget(pg);
      return new Outcome(State.SKIPPED, excluded.get(), null, Optional.empty());
    }
    Map<String, Map<String, String>> cached = SyncFingerprint.contents(clusterSecrets);
    List<String> teams = PostgresTeamWatch.fingerprint(postgresTeams.get(), config);
    String fingerprint = SyncFingerprint.of(pg, config, cached, teams);
    Optional<OffsetDateTime> rotationDue = SyncFingerprint.earliestRotation(cached);
    Instant now = clock.instant();
    Duration resync = config.get(Options.RESYNC_PERIOD);
    SyncDecision.LastSync last = history.get(key);
    SyncDecision.Verdict verdict = SyncDecision.decide(fingerprint, last, now, resync, rotationDue);
    String lastFailure = last != null && last.failed() ? last.failure() : null;
    if (!verdict.sync()) {
      return new Outcome(
          State.SKIPPED, verdict, lastFailure, SyncDecision.nextCheck(now, resync, rotationDue));
    }

    Optional<PrimaryResolver.Primary> primary;
    try {
      primary = resolver.resolve(pg, config);
    } catch (RuntimeException e) {
      LOG.warn("{}: cannot locate the primary: {}", name(pg), e.toString());
      primary = Optional.empty();
    }
    if (primary.isEmpty()) {
      primarySince.remove(key);
      Instant since = pendingSince.computeIfAbsent(key, k -> now);
      Duration wait = retryDelay(Duration.between(since, now), config.get(Options.REPAIR_PERIOD));
      LOG.debug("{}: primary not ready; roles and databases synced later (in {})", name(pg), wait);
      return new Outcome(State.PENDING, verdict, lastFailure, Optional.of(wait));
    }
    pendingSince.remove(key);
    Instant primaryReady = primarySince.computeIfAbsent(key, k -> now);

    LOG.info("{}: syncing roles and databases ({})", name(pg), verdict.reason());
    Map<String, Map<String, String>> after = new TreeMap<>(cached);
    List<String> problems = new ArrayList<>();
    AtomicBoolean podsFlagged = new AtomicBoolean();
    try {
      problems.addAll(run(model, primary.get(), phaseReason, after, podsFlagged));
    } catch (InvalidDesiredStateException | IllegalStateException e) {
      problems.add(e.getMessage());
    } catch (SQLException e) {
      if (newPrimaryStillComing(e, last, primaryReady, now)) {
        LOG.info(
            "{}: the new primary at {} does not answer yet ({}); trying again in {}",
            name(pg),
            primary.get().describe(),
            reason(e),
            NEW_PRIMARY_RETRY);
        return new Outcome(
            State.PENDING, verdict, lastFailure, Optional.of(NEW_PRIMARY_RETRY), podsFlagged.get());
      }
      problems.add(
          "cannot reach or read the primary at " + primary.get().describe() + ": " + reason(e));
    } catch (KubernetesClientException e) {
      problems.add("Kubernetes API: " + e.getMessage());
    } catch (RuntimeException e) {
      // Recorded like any failure, so that the next reconcile retries.
      LOG.warn("{}: database sync failed unexpectedly", name(pg), e);
      problems.add("unexpected error: " + e);
    }
    String fingerprintAfter = SyncFingerprint.of(pg, config, after, teams);
    if (problems.isEmpty()) {
      failingSince.remove(key);
      history.put(key, SyncDecision.LastSync.succeeded(fingerprintAfter, now));
      return new Outcome(
          State.SYNCED,
          verdict,
          null,
          SyncDecision.nextCheck(now, resync, SyncFingerprint.earliestRotation(after)),
          podsFlagged.get());
    }
    String message = SyncReport.failureMessage(problems);
    LOG.warn("{}: {}", name(pg), message);
    events.warning(pg, EventReason.SyncFailed, message);
    history.put(
        key,
        new SyncDecision.LastSync(
            fingerprintAfter, last == null ? null : last.lastSuccess(), true, message));
    // Retried soon, then less often: a primary that just took over (its Service endpoints not yet
    // updated) is usually reachable seconds later; Zalando waits for the repair period.
    Instant since = failingSince.computeIfAbsent(key, k -> now);
    return new Outcome(
        State.FAILED,
        verdict,
        message,
        Optional.of(retryDelay(Duration.between(since, now), config.get(Options.REPAIR_PERIOD))),
        podsFlagged.get());
  }

  /**
   * A connection that could not be made (SQL state class 08) to the primary of a cluster that has
   * never been synced, within {@link #NEW_PRIMARY_GRACE} of the primary first being found ready:
   * still coming up, not a failure.
   */
  static boolean newPrimaryStillComing(
      SQLException e, SyncDecision.LastSync last, Instant primaryReady, Instant now) {
    boolean neverSynced = last == null || last.lastSuccess() == null;
    boolean connection = e.getSQLState() != null && e.getSQLState().startsWith("08");
    return neverSynced
        && connection
        && Duration.between(primaryReady, now).compareTo(NEW_PRIMARY_GRACE) < 0;
  }

  /** Drops what is remembered of a cluster (deleted, or database access no longer wanted). */
  public void forget(Postgresql pg) {
    primarySince.remove(key(pg));
    history.remove(key(pg));
    pendingSince.remove(key(pg));
    failingSince.remove(key(pg));
    externalWarnings.forget(key(pg));
  }

  /**
   * One sync; returns the problems (each naming its role, database or Secret).
   *
   * @param after the cluster's Secret contents, updated with what this sync wrote
   */
  private List<String> run(
      ClusterModel model,
      PrimaryResolver.Primary primary,
      EventReason phaseReason,
      Map<String, Map<String, String>> after,
      AtomicBoolean podsFlagged)
      throws SQLException {
    Postgresql pg = model.cluster();
    OperatorConfig config = model.config();
    List<String> problems = new ArrayList<>();
    ClusterNames names = ClusterNames.of(model);

    ExternalRoleInputs.Result external = inputs.read(pg, config);
    // A lasting condition (no Teams API token, a missing Secret) is logged when it appears, not on
    // every sync of every cluster.
    List<String> fresh = externalWarnings.fresh(key(pg), external.warnings());
    external.warnings().stream()
        .filter(w -> !fresh.contains(w))
        .forEach(w -> LOG.debug("{}: {} (still)", name(pg), w));
    fresh.forEach(w -> LOG.warn("{}: {}", name(pg), w));
    WantedRoles wanted = RoleSources.collect(pg, config, external.inputs());
    wanted.warnings().forEach(w -> LOG.info("{}: {}", name(pg), w));

    ManagedNames previous;
    boolean complete = external.infrastructureComplete();
    try {
      previous = ManagedNames.read(pg.getMetadata().getAnnotations());
    } catch (IllegalArgumentException e) {
      LOG.warn("{}: {}; nothing is retired until it is rewritten", name(pg), e.getMessage());
      previous = ManagedNames.none();
      complete = false;
    }

    // Credentials: read, decide, write.
    Map<String, Secret> current = new LinkedHashMap<>();
    Map<String, StoredCredentials> stored = new LinkedHashMap<>();
    Map<String, SecretUser> users = new LinkedHashMap<>();
    for (SecretUser u : wanted.secretUsers()) {
      users.put(u.roleName(), u);
      Secret s = secrets.read(u.namespace(), names.credentialSecret(u.roleName()));
      if (s != null) {
        current.put(u.roleName(), s);
        stored.put(u.roleName(), CredentialSecrets.stored(s));
      }
    }
    Map<String, CredentialDecision> decisions = wanted.decideCredentials(stored, clock, passwords);
    Set<String> degraded = new LinkedHashSet<>();
    Set<RoleOrigin> restart = new LinkedHashSet<>();
    for (CredentialDecision d : decisions.values()) {
      if (d.action() == CredentialDecision.Action.NONE) {
        continue;
      }
      SecretUser u = users.get(d.roleName());
      String secretName = names.credentialSecret(d.roleName());
      try {
        Secret existing = current.get(d.roleName());
        Secret written =
            existing == null
                ? secrets.create(built(model, u.namespace(), secretName), d.secret())
                : secrets.rotate(existing, d.secret());
        LOG.info(
            "{}: {} secret {}: {}",
            name(pg),
            existing == null ? "created" : "updated",
            secretName,
            d.reason());
        if (u.namespace().equals(model.namespace())) {
          after.putAll(SyncFingerprint.contents(List.of(written)));
        }
        if (d.restartRequired()) {
          restart.add(u.origin());
        }
      } catch (KubernetesClientException e) {
        degraded.add(d.roleName());
        problems.add(
            "secret "
                + secretName
                + " of role \""
                + d.roleName()
                + "\" could not be written (its password is left as it is): "
                + e.getMessage());
      }
    }
    if (flagPodsUsingChangedPasswords(model, names, restart)) {
      podsFlagged.set(true);
    }

    String superuser = config.get(Options.SUPER_USERNAME);
    CredentialDecision su = decisions.get(superuser);
    if (su == null || (degraded.contains(superuser) && current.get(superuser) == null)) {
      problems.add("no credentials for the superuser \"" + superuser + "\"");
      return problems;
    }
    ConnectionTarget target =
        new ConnectionTarget(
            primary.host(),
            primary.port(),
            "postgres",
            superuser,
            su.secret().password(),
            primary.sslMode(),
            CONNECT_TIMEOUT);

    DatabaseDesiredState state =
        wanted.desiredState(
            decisions, degraded, complete ? previous.roles() : Set.of(), previous.databases());
    SyncOptions options =
        wanted.syncOptions(
            config.get(Options.ENABLE_ROLE_DELETION),
            config.get(Options.ENABLE_DATABASE_DELETION),
            config.get(Options.FORCE_DATABASE_DELETION_WITH_CONNECTIONS));
    SyncResult result = roleSync.sync(target, state, options);
    result.warnings().forEach(w -> LOG.info("{}: {}", name(pg), w));
    if (!result.statements().isEmpty()) {
      LOG.info("{}: {} statement(s) sent", name(pg), result.statements().size());
    }

    ManagedNames managed = ManagedNames.of(result.managedRoles(), result.managedDatabases());
    if (!complete) {
      managed = managed.union(previous); // forget nothing the incomplete inputs did not show
    }
    if (!managed.equals(previous)) {
      try {
        storeManagedNames(pg, managed);
      } catch (KubernetesClientException e) {
        problems.add("could not store the managed roles and databases: " + e.getMessage());
      }
    }
    for (SyncReport.Note n : SyncReport.notes(result, phaseReason)) {
      events.normal(pg, n.reason(), n.message());
    }
    problems.addAll(SyncReport.errorTexts(result.errors()));
    return problems;
  }

  /**
   * A password changed in place that pods read from their Secret: the Postgres pods (replication
   * and superuser passwords, through Spilo) or the pooler pods, as Zalando flags them ({@code
   * sync.go#updateSecret}). Returns whether the Postgres pods were flagged (their recreation is the
   * day-2 step's).
   */
  private boolean flagPodsUsingChangedPasswords(
      ClusterModel model, ClusterNames names, Set<RoleOrigin> origins) {
    if (origins.contains(RoleOrigin.SYSTEM)) {
      StatefulSetSync.flagPodsForRollingUpdate(client, model.namespace(), Labels.of(model).base());
    }
    if (origins.contains(RoleOrigin.CONNECTION_POOLER)) {
      for (PostgresRole role : PostgresRole.values()) {
        StatefulSetSync.flagPodsForRollingUpdate(
            client, model.namespace(), Map.of("connection-pooler", names.pooler(role)));
      }
    }
    return origins.contains(RoleOrigin.SYSTEM);
  }

  /**
   * The builder's Secret (for its metadata) of a credential Secret the database step creates; roles
   * the manifest does not name (infrastructure roles) get the same metadata.
   */
  private static Secret built(ClusterModel model, String namespace, String name) {
    for (Secret s : UserSecrets.build(model)) {
      String ns =
          s.getMetadata().getNamespace() == null
              ? model.namespace()
              : s.getMetadata().getNamespace();
      if (s.getMetadata().getName().equals(name) && ns.equals(namespace)) {
        return s;
      }
    }
    return UserSecrets.withMetadata(model, namespace, name, false);
  }

  private void storeManagedNames(Postgresql pg, ManagedNames managed) {
    ObjectNode patch = JSON.createObjectNode();
    ObjectNode annotations = patch.putObject("metadata").putObject("annotations");
    managed.toAnnotations().forEach(annotations::put);
    PatchContext context =
        new PatchContext.Builder()
            .withPatchType(PatchType.JSON_MERGE)
            .withFieldManager(ObjectApplier.FIELD_MANAGER)
            .build();
    client
        .resources(Postgresql.class)
        .inNamespace(pg.getMetadata().getNamespace())
        .withName(pg.getMetadata().getName())
        .patch(context, patch.toString());
  }

  /**
   * When to try again after waiting {@code waited} for a primary, or after failing syncs for that
   * long: as long again (at least 5 s, at most the repair period), so a cluster that is still
   * bootstrapping or just failed over is checked often and one that stays down rarely. Time-based,
   * not attempt-based: how many reconciles other events happened to trigger meanwhile does not
   * stretch the wait (counting them made a new cluster wait minutes for its roles).
   */
  static Duration retryDelay(Duration waited, Duration repairPeriod) {
    Duration d = waited.compareTo(MIN_RETRY) < 0 ? MIN_RETRY : waited;
    return d.compareTo(repairPeriod) > 0 ? repairPeriod : d;
  }

  /**
   * The driver's message with its cause: PgJDBC says "The connection attempt failed." whether the
   * name did not resolve, the port was closed or the address was unreachable; the cause tells.
   */
  static String reason(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Throwable cause = e.getCause();
    while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    if (cause == null || cause instanceof SQLException) {
      return message;
    }
    String detail =
        cause.getClass().getSimpleName()
            + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    return message.contains(detail) ? message : message + " (" + detail + ")";
  }

  private static String key(Postgresql pg) {
    String uid = pg.getMetadata().getUid();
    return uid != null ? uid : pg.getMetadata().getNamespace() + "/" + pg.getMetadata().getName();
  }

  private static String name(Postgresql pg) {
    return pg.getMetadata().getNamespace() + "/" + pg.getMetadata().getName();
  }
}
