package io.tusk.operator.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.operator.database.DatabaseSync;
import io.tusk.operator.database.PrimaryResolver;
import io.tusk.operator.database.ServiceDnsPrimaryResolver;
import io.tusk.operator.database.SyncDecision;
import io.tusk.operator.secrets.CredentialSecrets;
import io.tusk.operator.status.EventReason;
import io.tusk.operator.status.EventSink;
import io.tusk.operator.sync.Fingerprint;
import io.tusk.patroni.PatroniClient;
import io.tusk.patroni.PatroniException;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.labels.Labels;
import io.tusk.spec.naming.ClusterNames;
import io.tusk.spec.streams.FabricEventStreams;
import io.tusk.spec.streams.PatroniSlots;
import io.tusk.spec.streams.StreamSlot;
import io.tusk.spec.streams.StreamSlots;
import io.tusk.sql.ConnectionTarget;
import io.tusk.sql.Effect;
import io.tusk.sql.exec.SqlExecutor;
import io.tusk.sql.sources.StreamSources;
import io.tusk.sql.streams.PublicationRef;
import io.tusk.sql.streams.PublicationSync;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event-stream step of a reconcile, run after roles and databases: Zalando's {@code
 * streams.go#syncStreams} (v2.0.1), one stage after the other, each only when the one before is
 * done:
 *
 * <ol>
 *   <li><b>CRD</b>: nothing happens unless the CRD {@code fabriceventstreams.zalando.org} is
 *       installed (Zalando's condition);
 *   <li><b>wal_level</b>: with streams in the manifest, the step waits until the primary runs with
 *       {@code wal_level = logical}. It neither sets it nor restarts anything: the day-2 step
 *       ({@code io.tusk.operator.day2.Day2Runner}) declares {@code wal_level: logical} for a
 *       manifest with streams, patches it into Patroni's configuration and restarts the members by
 *       the day-2 rule (replicas, a switchover, the old primary as a replica), where Zalando's
 *       {@code syncStatefulSet} restarts the primary in place;
 *   <li><b>publications</b>: created, updated and found unwanted in every database ({@link
 *       PublicationSync});
 *   <li><b>slots</b>: once the primary runs with {@code wal_level = logical}, the slots of ready
 *       publications become permanent slots of Patroni's configuration (Patroni creates them); the
 *       slots of Tusk's unwanted publications leave it ({@link PatroniSlots}), then those
 *       publications are dropped;
 *   <li><b>resources</b>: a {@code FabricEventStream} per application whose slots are all ready,
 *       none for applications that left the manifest ({@link FabricEventStreamSync}).
 * </ol>
 *
 * <p>What waits (the day-2 restarts, a missing table or database, a failure) is retried with a
 * growing delay up to {@code repair_period}; problems are reported once as a Warning Event until
 * they change; the cluster's status is not changed by them (Zalando only logs most of these). Never
 * with database access off, without instances or on a standby cluster ({@link
 * SyncDecision#excluded}).
 *
 * <p>Thread-safe: clusters reconcile concurrently; the per-cluster memory is keyed by UID.
 */
public final class StreamSync {
  private static final Logger LOG = LoggerFactory.getLogger(StreamSync.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  static final Duration MIN_RETRY = Duration.ofSeconds(5);

  /** At most this long between looks while the day-2 restarts for {@code wal_level} run. */
  static final Duration WAL_LEVEL_RECHECK = Duration.ofSeconds(10);

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

  private final KubernetesClient client;
  private final PrimaryResolver primaries;
  private final PatroniClient patroni;
  private final Function<Pod, URI> patroniAddress;
  private final PublicationSync publications;
  private final FabricEventStreamSync resources;
  private final EventSink events;
  private final Clock clock;
  private final Map<String, StreamDecision.Memory> memory = new ConcurrentHashMap<>();
  private final Map<String, Instant> pendingSince = new ConcurrentHashMap<>();

  public StreamSync(
      KubernetesClient client, PrimaryResolver primaries, EventSink events, Clock clock) {
    this(
        client,
        primaries,
        PatroniClient.withDefaults(),
        pod -> PatroniClient.apiRoot(pod.getStatus().getPodIP()),
        new PublicationSync(),
        new FabricEventStreamSync(client),
        events,
        clock);
  }

  StreamSync(
      KubernetesClient client,
      PrimaryResolver primaries,
      PatroniClient patroni,
      Function<Pod, URI> patroniAddress,
      PublicationSync publications,
      FabricEventStreamSync resources,
      EventSink events,
      Clock clock) {
    this.client = client;
    this.primaries = primaries;
    this.patroni = patroni;
    this.patroniAddress = patroniAddress;
    this.publications = publications;
    this.resources = resources;
    this.events = events;
    this.clock = clock;
  }

  /**
   * What a run found: when to come back, whether something stays pending.
   *
   * @param warnings what to report, or null when this run stopped before it could tell (a stage
   *     under way): the last report stands
   * @param waiting what the streams wait for (the day-2 restarts for {@code wal_level}), or null
   */
  private record Run(
      Optional<Duration> retryAfter, boolean streams, List<String> warnings, String waiting) {
    /** Something is under way (the primary, a Patroni answer): back after {@code after}. */
    static Run underWay(Duration after) {
      return new Run(Optional.of(after), true, null, null);
    }

    /** The streams wait for the day-2 restarts that apply {@code wal_level = logical}. */
    static Run waitingFor(String what, Duration after, List<String> warnings) {
      return new Run(Optional.of(after), true, warnings, what);
    }

    static Run done(boolean streams, List<String> warnings) {
      return new Run(Optional.empty(), streams, warnings, null);
    }
  }

  /**
   * Runs the step for a cluster whose database step just ran; returns when the reconciler should
   * come back for it (empty when nothing is pending).
   *
   * @param cachedSecrets the cluster's Secrets as cached (the superuser's password)
   */
  public Optional<Duration> sync(ClusterModel model, Collection<Secret> cachedSecrets) {
    Postgresql pg = model.cluster();
    OperatorConfig config = model.config();
    String key = key(pg);
    if (SyncDecision.excluded(pg, config).isPresent()) {
      forget(pg);
      return Optional.empty();
    }
    String fingerprint = fingerprint(model);
    Instant now = clock.instant();
    StreamDecision.Memory last = memory.get(key);
    if (!StreamDecision.run(fingerprint, last, now, config.get(Options.RESYNC_PERIOD))) {
      return last.retryAt() == null
          ? Optional.empty()
          : Optional.of(Duration.between(now, last.retryAt()));
    }
    Run run;
    try {
      run = run(model, cachedSecrets, last, () -> backoff(key, now, config));
    } catch (SQLException
        | KubernetesClientException
        | PatroniException
        | IllegalStateException e) {
      String reason = e instanceof SQLException s ? sqlReason(s) : e.getMessage();
      boolean streams = last == null || last.streams() || StreamSlots.declared(model.spec());
      run =
          new Run(
              Optional.of(backoff(key, now, config)),
              streams,
              List.of("event streams could not be synced: " + reason),
              null);
    }
    if (run.waiting() != null && (last == null || !run.waiting().equals(last.waiting()))) {
      String message = "event streams: " + run.waiting();
      LOG.info("{}: {}", name(pg), message);
      events.normal(pg, EventReason.EventStreams, message);
    }
    String warnings =
        run.warnings() == null
            ? (last == null ? "" : last.warnings())
            : String.join("; ", run.warnings());
    if (run.warnings() != null
        && !warnings.isEmpty()
        && (last == null || !warnings.equals(last.warnings()))) {
      LOG.warn("{}: {}", name(pg), warnings);
      events.warning(pg, EventReason.EventStreams, warnings);
    }
    Optional<Duration> retry = run.retryAfter();
    if (retry.isEmpty() && run.warnings() != null && !run.warnings().isEmpty()) {
      retry = Optional.of(backoff(key, now, config));
    }
    if (retry.isEmpty()) {
      pendingSince.remove(key);
    }
    memory.put(
        key,
        new StreamDecision.Memory(
            fingerprint,
            now,
            retry.map(now::plus).orElse(null),
            run.streams(),
            warnings,
            run.waiting()));
    return retry;
  }

  /**
   * Runs the step after the database step (unless that one waits for the primary) and folds when to
   * come back into its outcome.
   */
  public DatabaseSync.Outcome after(
      ClusterModel model, Collection<Secret> cachedSecrets, DatabaseSync.Outcome db) {
    if (db.state() == DatabaseSync.State.PENDING) {
      return db;
    }
    Optional<Duration> retry = sync(model, cachedSecrets);
    if (retry.isEmpty()) {
      return db;
    }
    Optional<Duration> sooner =
        db.retryAfter().isPresent() && db.retryAfter().get().compareTo(retry.get()) <= 0
            ? db.retryAfter()
            : retry;
    return new DatabaseSync.Outcome(
        db.state(), db.verdict(), db.failure(), sooner, db.podsFlagged());
  }

  /** Drops what is remembered of a cluster. */
  public void forget(Postgresql pg) {
    memory.remove(key(pg));
    pendingSince.remove(key(pg));
  }

  private Duration backoff(String key, Instant now, OperatorConfig config) {
    Instant since = pendingSince.computeIfAbsent(key, k -> now);
    return StreamDecision.backoff(
        Duration.between(since, now), MIN_RETRY, config.get(Options.REPAIR_PERIOD));
  }

  /**
   * @param waiting how long to wait when something takes longer than a restart (grows with the time
   *     it has been pending)
   */
  private Run run(
      ClusterModel model,
      Collection<Secret> cachedSecrets,
      StreamDecision.Memory last,
      Supplier<Duration> waiting)
      throws SQLException {
    Postgresql pg = model.cluster();
    boolean declared = StreamSlots.declared(model.spec());
    boolean leftovers = last != null && last.streams();
    Optional<List<GenericKubernetesResource>> existing = Optional.empty();
    if (!declared) {
      // Without streams, only what is left of earlier ones needs looking after.
      existing = resources.list(model);
      if (existing.isEmpty() || (existing.get().isEmpty() && !leftovers)) {
        return Run.done(false, List.of());
      }
    }
    List<Pod> pods =
        client
            .pods()
            .inNamespace(model.namespace())
            .withLabels(Labels.of(model).base())
            .list()
            .getItems();
    String roleLabel = Labels.of(model).roleLabel();
    Optional<Pod> master =
        pods.stream()
            .filter(
                p -> "master".equals(label(p, roleLabel)) && ServiceDnsPrimaryResolver.isReady(p))
            .filter(p -> p.getStatus().getPodIP() != null && !p.getStatus().getPodIP().isEmpty())
            .findFirst();
    if (master.isEmpty()) {
      return Run.underWay(waiting.get());
    }
    if (declared) {
      existing = resources.list(model);
      if (existing.isEmpty()) {
        LOG.debug("{}: the FabricEventStream CRD is not installed; streams not synced", name(pg));
        return Run.done(false, List.of());
      }
    }
    URI leader = patroniAddress.apply(master.get());
    ObjectNode patroniConfig = patroni.config(leader);
    if (declared) {
      // wal_level is the day-2 step's: it patches and restarts; the streams wait for it.
      Optional<String> walLevel =
          StreamDecision.walLevelWait(
              patroniConfig.path("postgresql").path("parameters").path("wal_level").asText(""),
              patroni.patroni(leader));
      if (walLevel.isPresent()) {
        return Run.waitingFor(walLevel.get(), walLevelRecheck(waiting), null);
      }
    }

    Optional<PrimaryResolver.Primary> primary = primaries.resolve(pg, model.config());
    if (primary.isEmpty()) {
      return Run.underWay(waiting.get());
    }
    ConnectionTarget target = target(model, cachedSecrets, primary.get());
    Set<String> manifestSlots = StreamSources.manifestSlots(model.spec());
    PublicationSync.Result pubs =
        publications.sync(target, StreamSources.publications(model.spec()), manifestSlots);
    List<String> warnings = new ArrayList<>();
    List<String> done = new ArrayList<>();
    summarise(pubs.effects(), done);
    pubs.errors().forEach(e -> warnings.add(e.toString()));

    // Slots: added for ready publications once wal_level allows logical slots; released for
    // Tusk's unwanted ones, before those go.
    boolean logical = StreamSlots.WAL_LEVEL.equals(pubs.walLevel());
    List<StreamSlot> slots = StreamSlots.of(model.spec());
    List<StreamSlot> ready =
        logical ? slots.stream().filter(s -> pubs.ready().contains(ref(s))).toList() : List.of();
    Set<String> release =
        pubs.release().stream().map(PublicationRef::name).collect(Collectors.toSet());
    Map<String, Map<String, String>> slotPatch =
        PatroniSlots.patch(slots(patroniConfig), ready, release, manifestSlots);
    boolean slotsInPlace = true;
    if (!slotPatch.isEmpty()) {
      ObjectNode patch = JSON.createObjectNode();
      patch.set("slots", JSON.valueToTree(slotPatch));
      try {
        patroni.patchConfig(leader, patch);
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        slotPatch.forEach((n, v) -> (v == null ? removed : added).add(n));
        if (!added.isEmpty()) {
          done.add("added slots " + String.join(", ", added) + " to Patroni's configuration");
        }
        if (!removed.isEmpty()) {
          done.add("removed slots " + String.join(", ", removed) + " from Patroni's configuration");
        }
      } catch (PatroniException e) {
        slotsInPlace = false;
        warnings.add("Patroni's slots could not be changed: " + e.getMessage());
      }
    }
    if (slotsInPlace && !pubs.release().isEmpty()) {
      PublicationSync.Result dropped = publications.drop(target, pubs.release());
      summarise(dropped.effects(), done);
      dropped.errors().forEach(e -> warnings.add(e.toString()));
    }

    // Resources: one per application whose every slot is ready.
    List<String> applications = FabricEventStreams.applicationIds(model.spec());
    Set<String> readyApplications = new LinkedHashSet<>();
    for (String app : applications) {
      List<StreamSlot> own = StreamSlots.ofApplication(model.spec(), app);
      boolean allReady =
          logical && slotsInPlace && own.stream().allMatch(s -> pubs.ready().contains(ref(s)));
      if (allReady) {
        readyApplications.add(app);
      }
    }
    for (StreamSlot s : slots) {
      String reason = pubs.waiting().get(ref(s));
      if (reason != null) {
        warnings.add(
            "slot and publication "
                + s.name()
                + " in database \""
                + s.database()
                + "\" wait ("
                + reason
                + "), and with them the FabricEventStream of application "
                + String.join(", ", s.applicationIds()));
      }
    }
    FabricEventStreamSync.Report report =
        resources.sync(model, existing.get(), applications, readyApplications);
    if (!report.created().isEmpty()) {
      done.add("created FabricEventStreams " + String.join(", ", report.created()));
    }
    if (!report.updated().isEmpty()) {
      done.add("updated FabricEventStreams " + String.join(", ", report.updated()));
    }
    if (!report.deleted().isEmpty()) {
      done.add("deleted FabricEventStreams " + String.join(", ", report.deleted()));
    }
    if (!done.isEmpty()) {
      String message = "event streams: " + String.join("; ", done);
      LOG.info("{}: {}", name(pg), message);
      events.normal(pg, EventReason.EventStreams, message);
    }
    boolean streams = declared || !pubs.release().isEmpty() || !slotsInPlace;
    if (declared && !logical) {
      return Run.waitingFor(
          StreamDecision.runningWalLevelWait(pubs.walLevel()), walLevelRecheck(waiting), warnings);
    }
    return Run.done(streams, warnings);
  }

  /** When to look again while the day-2 restarts for {@code wal_level} run. */
  private static Duration walLevelRecheck(Supplier<Duration> waiting) {
    Duration d = waiting.get();
    return d.compareTo(WAL_LEVEL_RECHECK) > 0 ? WAL_LEVEL_RECHECK : d;
  }

  /** The {@code slots} section of Patroni's configuration, values as text. */
  static Map<String, Map<String, String>> slots(JsonNode patroniConfig) {
    Map<String, Map<String, String>> slots = new TreeMap<>();
    JsonNode section = patroniConfig.path("slots");
    section
        .fields()
        .forEachRemaining(
            e -> {
              Map<String, String> def = new TreeMap<>();
              e.getValue()
                  .fields()
                  .forEachRemaining(f -> def.put(f.getKey(), f.getValue().asText()));
              slots.put(e.getKey(), def);
            });
    return slots;
  }

  private ConnectionTarget target(
      ClusterModel model, Collection<Secret> cachedSecrets, PrimaryResolver.Primary primary) {
    String superuser = model.config().get(Options.SUPER_USERNAME);
    String secretName = ClusterNames.of(model).credentialSecret(superuser);
    Secret secret =
        cachedSecrets.stream()
            .filter(s -> secretName.equals(s.getMetadata().getName()))
            .findFirst()
            .orElseGet(
                () -> client.secrets().inNamespace(model.namespace()).withName(secretName).get());
    String password =
        secret == null ? "" : CredentialSecrets.value(secret, CredentialSecrets.PASSWORD);
    if (password.isEmpty()) {
      throw new IllegalStateException("no credentials for the superuser \"" + superuser + "\"");
    }
    return new ConnectionTarget(
        primary.host(),
        primary.port(),
        "postgres",
        superuser,
        password,
        primary.sslMode(),
        CONNECT_TIMEOUT);
  }

  private static void summarise(List<Effect> effects, List<String> done) {
    Map<Effect.Kind, List<String>> byKind = new LinkedHashMap<>();
    for (Effect e : effects) {
      byKind
          .computeIfAbsent(e.kind(), k -> new ArrayList<>())
          .add(
              e.subject().name()
                  + " in \""
                  + e.subject().database()
                  + "\""
                  + (e.detail() == null || e.detail().isEmpty() ? "" : " (" + e.detail() + ")"));
    }
    byKind.forEach(
        (kind, items) ->
            done.add(
                switch (kind) {
                      case PUBLICATION_CREATED -> "created publications ";
                      case PUBLICATION_ALTERED -> "changed publications ";
                      case PUBLICATION_DROPPED -> "dropped publications ";
                      default -> kind + " ";
                    }
                    + String.join(", ", items)));
  }

  /**
   * The inputs of the step: the streams, the manifest's slots, the metadata of the resources as
   * they would be built (inherited labels and annotations, owner references), the configuration.
   * Annotations the manifest carries for other reasons (Tusk's own records, kubectl's) do not
   * count.
   */
  static String fingerprint(ClusterModel model) {
    Map<String, Object> parts = new LinkedHashMap<>();
    parts.put("cluster", model.namespace() + "/" + model.name() + "/" + model.uid());
    parts.put("streams", model.spec().getStreams());
    parts.put(
        "patroniSlots",
        model.spec().getPatroni() == null ? null : model.spec().getPatroni().getSlots());
    Map<String, Object> metadata = new TreeMap<>();
    for (String app : FabricEventStreams.applicationIds(model.spec())) {
      metadata.put(app, FabricEventStreams.build(model, app, "-").getMetadata());
    }
    parts.put("resources", metadata);
    parts.put("configuration", Fingerprint.config(model.config()));
    return Fingerprint.of(parts);
  }

  private static PublicationRef ref(StreamSlot s) {
    return new PublicationRef(s.database(), s.name());
  }

  private static String label(Pod p, String key) {
    Map<String, String> labels = p.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }

  private static String sqlReason(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return SqlExecutor.scrub(message);
  }

  private static String key(Postgresql pg) {
    String uid = pg.getMetadata().getUid();
    return uid != null ? uid : pg.getMetadata().getNamespace() + "/" + pg.getMetadata().getName();
  }

  private static String name(Postgresql pg) {
    return pg.getMetadata().getNamespace() + "/" + pg.getMetadata().getName();
  }
}
