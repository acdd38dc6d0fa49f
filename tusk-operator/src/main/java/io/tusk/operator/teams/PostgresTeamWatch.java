package io.tusk.operator.teams;

import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.tusk.api.acid.v1.PostgresTeam;
import io.tusk.api.acid.v1.PostgresTeamSpec;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.sql.sources.RoleSources;
import io.tusk.sql.teams.PostgresTeamMap;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches PostgresTeam resources (with {@code enable_postgres_team_crd} at start-up, in the watched
 * namespaces), as Zalando's controller does with its PostgresTeam informer. Zalando only reloads
 * its team map on a change, which reaches the clusters at their next sync; Tusk also reconciles the
 * clusters a change concerns at once, so that a member added to a team gets a role within seconds:
 *
 * <ul>
 *   <li>the teams a change concerns are those whose entries changed (a team key of {@code
 *       additionalSuperuserTeams}, {@code additionalTeams} or {@code additionalMembers} with its
 *       teams, before and after); for a new or deleted resource, every team it names;
 *   <li>a cluster is concerned when one of them is its team, one of its team's additional teams
 *       (transitively, as Zalando looks them up), a {@code postgres_superuser_teams} team or one of
 *       the additional superuser teams.
 * </ul>
 *
 * The database step reads the PostgresTeams from this cache ({@link #cached()}); its fingerprint
 * includes them ({@link #fingerprint}), so that the reconcile of a concerned cluster syncs its
 * roles.
 */
public final class PostgresTeamWatch implements SecondaryToPrimaryMapper<PostgresTeam> {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresTeamWatch.class);

  private final Supplier<OperatorConfig> config;
  private final Map<String, PostgresTeamMap.Spec> lastSeen = new ConcurrentHashMap<>();

  /**
   * The answer for each resource's last version: JOSDK asks more than once per event (for its index
   * and for the event itself), and {@link #lastSeen} moves on at the first question.
   */
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();

  private record Answer(String resourceVersion, boolean deleted, Set<ResourceID> clusters) {}

  private volatile IndexedResourceCache<Postgresql> clusters;
  private volatile InformerEventSource<PostgresTeam, Postgresql> source;

  public PostgresTeamWatch(Supplier<OperatorConfig> config) {
    this.config = config;
  }

  /** The informer, to be registered with the reconciler's other event sources. */
  public InformerEventSource<PostgresTeam, Postgresql> eventSource(
      EventSourceContext<Postgresql> ctx) {
    this.clusters = ctx.getPrimaryCache();
    InformerEventSource<PostgresTeam, Postgresql> informer =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(PostgresTeam.class, Postgresql.class)
                .withName("PostgresTeam")
                .withSecondaryToPrimaryMapper(this)
                .build(),
            ctx);
    this.source = informer;
    return informer;
  }

  /** The watched PostgresTeams as cached; empty when they are not watched. */
  public Optional<List<PostgresTeam>> cached() {
    InformerEventSource<PostgresTeam, Postgresql> s = source;
    return s == null ? Optional.empty() : Optional.of(s.list(t -> true).toList());
  }

  /**
   * What the database step's fingerprint includes of the PostgresTeams: every cached resource by
   * name and resourceVersion; null when they are not watched or not used.
   */
  public static List<String> fingerprint(
      Optional<List<PostgresTeam>> cached, OperatorConfig config) {
    if (cached.isEmpty() || !config.get(Options.ENABLE_POSTGRES_TEAM_CRD)) {
      return null;
    }
    return cached.get().stream()
        .map(
            t ->
                t.getMetadata().getNamespace()
                    + "/"
                    + t.getMetadata().getName()
                    + "@"
                    + t.getMetadata().getResourceVersion())
        .sorted()
        .toList();
  }

  @Override
  public Set<ResourceID> toPrimaryResourceIDs(PostgresTeam team) {
    String key = team.getMetadata().getNamespace() + "/" + team.getMetadata().getName();
    InformerEventSource<PostgresTeam, Postgresql> s = source;
    boolean deleted = s != null && s.get(ResourceID.fromResource(team)).isEmpty();
    String version = team.getMetadata().getResourceVersion();
    Answer answered = answers.get(key);
    if (answered != null
        && answered.deleted() == deleted
        && java.util.Objects.equals(answered.resourceVersion(), version)) {
      return answered.clusters();
    }
    Set<ResourceID> concerned = concerned(key, team, deleted);
    answers.put(key, new Answer(version, deleted, concerned));
    return concerned;
  }

  private Set<ResourceID> concerned(String key, PostgresTeam team, boolean deleted) {
    Set<String> changed;
    if (deleted) {
      PostgresTeamMap.Spec last = lastSeen.remove(key);
      changed = changedTeams(last == null ? spec(team) : last, null);
    } else {
      PostgresTeamMap.Spec now = spec(team);
      changed = changedTeams(lastSeen.put(key, now), now);
    }
    IndexedResourceCache<Postgresql> cache = clusters;
    if (cache == null || changed.isEmpty()) {
      return Set.of();
    }
    PostgresTeamMap map = RoleSources.postgresTeams(cached().orElse(List.of()));
    OperatorConfig cfg = config.get();
    Set<ResourceID> concerned =
        cache
            .list()
            .filter(pg -> concerns(pg, changed, map, cfg))
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet());
    if (!concerned.isEmpty()) {
      LOG.info(
          "PostgresTeam {} {} teams {}: reconciling {}",
          key,
          deleted ? "deleted, it named" : "changed",
          changed,
          concerned);
    }
    return concerned;
  }

  private static PostgresTeamMap.Spec spec(PostgresTeam team) {
    PostgresTeamSpec spec = team.getSpec() == null ? new PostgresTeamSpec() : team.getSpec();
    return new PostgresTeamMap.Spec(
        copy(spec.getAdditionalSuperuserTeams()),
        copy(spec.getAdditionalTeams()),
        copy(spec.getAdditionalMembers()));
  }

  private static Map<String, List<String>> copy(Map<String, List<String>> map) {
    Map<String, List<String>> out = new java.util.HashMap<>();
    if (map != null) {
      map.forEach((k, v) -> out.put(k, v == null ? List.of() : List.copyOf(v)));
    }
    return out;
  }

  /**
   * The teams whose entries differ between two versions of a resource (null: it did not exist),
   * lower case: each changed key of the three maps, with the teams listed for it in {@code
   * additionalSuperuserTeams} and {@code additionalTeams}, before and after.
   */
  static Set<String> changedTeams(PostgresTeamMap.Spec before, PostgresTeamMap.Spec after) {
    PostgresTeamMap.Spec empty = new PostgresTeamMap.Spec(null, null, null);
    PostgresTeamMap.Spec b = before == null ? empty : before;
    PostgresTeamMap.Spec a = after == null ? empty : after;
    Set<String> changed = new HashSet<>();
    changedEntries(changed, b.additionalSuperuserTeams(), a.additionalSuperuserTeams(), true);
    changedEntries(changed, b.additionalTeams(), a.additionalTeams(), true);
    changedEntries(changed, b.additionalMembers(), a.additionalMembers(), false);
    return changed;
  }

  private static void changedEntries(
      Set<String> into,
      Map<String, List<String>> before,
      Map<String, List<String>> after,
      boolean valuesAreTeams) {
    Set<String> keys = new HashSet<>(before.keySet());
    keys.addAll(after.keySet());
    for (String key : keys) {
      List<String> was = before.get(key);
      List<String> is = after.get(key);
      if (java.util.Objects.equals(was, is)) {
        continue;
      }
      into.add(lower(key));
      if (valuesAreTeams) {
        for (List<String> list : java.util.Arrays.asList(was, is)) {
          if (list != null) {
            list.forEach(t -> into.add(lower(t)));
          }
        }
      }
    }
  }

  /** Whether a change naming {@code changed} concerns the cluster (see the class comment). */
  static boolean concerns(
      Postgresql pg, Set<String> changed, PostgresTeamMap map, OperatorConfig config) {
    Set<String> related = new HashSet<>();
    String team = pg.getSpec() == null ? null : pg.getSpec().getTeamId();
    if (team != null && !team.isEmpty()) {
      related.add(team);
      related.addAll(map.additionalTeams(team));
      related.addAll(map.additionalSuperuserTeams(team));
    }
    for (String superuserTeam : config.get(Options.POSTGRES_SUPERUSER_TEAMS)) {
      related.add(superuserTeam);
      related.addAll(map.additionalSuperuserTeams(superuserTeam));
      related.addAll(map.additionalTeams(superuserTeam));
    }
    return lowered(related).stream().anyMatch(changed::contains);
  }

  private static Set<String> lowered(Collection<String> teams) {
    return teams.stream().map(PostgresTeamWatch::lower).collect(Collectors.toSet());
  }

  private static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }
}
