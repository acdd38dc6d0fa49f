package io.tusk.cli.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.cli.RenderCommand;
import io.tusk.config.OperatorConfig;
import io.tusk.day2.Action;
import io.tusk.day2.ClusterFacts;
import io.tusk.day2.Intent;
import io.tusk.day2.PodFacts;
import io.tusk.day2.Preview;
import io.tusk.day2.placement.ScaleDown;
import io.tusk.day2.upgrade.MajorUpgradeRule;
import io.tusk.day2.windows.MaintenanceWindows;
import io.tusk.day2.windows.VersionWindow;
import io.tusk.operator.day2.PatroniObservation;
import io.tusk.operator.sync.PoolerRemoval;
import io.tusk.operator.sync.SubsetMatcher;
import io.tusk.operator.upgrade.MajorUpgrades;
import io.tusk.patroni.ClusterMember;
import io.tusk.patroni.MemberStatus;
import io.tusk.patroni.PatroniClient;
import io.tusk.patroni.PatroniCluster;
import io.tusk.patroni.PatroniException;
import io.tusk.spec.ClusterBuilder;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.DesiredState;
import io.tusk.spec.Observed;
import io.tusk.spec.diff.Comparison;
import io.tusk.spec.diff.StatefulSetComparison;
import io.tusk.spec.labels.Labels;
import io.tusk.spec.spilo.MajorVersion;
import io.tusk.spec.spilo.MajorVersionChange;
import io.tusk.spec.validate.ManifestValidator;
import io.tusk.spec.validate.Violation;
import io.tusk.spec.volume.VolumeGrowth;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tusk plan -f MANIFEST}: what applying a manifest to the running cluster would do, from the
 * operator's own decisions: the StatefulSet comparison (update, rolling update, replacement), the
 * other objects that differ, a {@code postgresql.version} change that waits for a maintenance
 * window or a decrease that is ignored ({@link VersionWindow}, as the operator decides it now), the
 * data volumes grown (or a shrink refused), and the sequence of Patroni patches, restarts,
 * switchovers and pod recreations the planner of tusk-day2 takes from the cluster's current state.
 * Nothing is changed.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description =
        "Shows what applying a postgresql manifest would do to the running cluster, without"
            + " changing anything.")
public final class PlanCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--file"},
      required = true,
      description = "The postgresql manifest to apply.")
  Path file;

  @Option(
      names = {"-n", "--namespace"},
      description = "Namespace when the manifest names none (default: the kubeconfig's).")
  String namespace;

  @Option(names = "--config-map", description = "The operator's ConfigMap (ns/name or name).")
  String configMap;

  @Option(names = "--operator-configuration", description = "The operator's OperatorConfiguration.")
  String operatorConfiguration;

  @Option(names = "--operator-namespace", description = "Where the operator's configuration lives.")
  String operatorNamespace;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    KubernetesSerialization serialization = new KubernetesSerialization();
    List<Postgresql> manifests = RenderCommand.manifests(serialization, Files.readString(file));
    if (manifests.size() != 1) {
      err.println("error: " + file + " must hold exactly one postgresql manifest");
      return 2;
    }
    Postgresql next = manifests.get(0);
    ClusterTarget target = new ClusterTarget();
    target.name = next.getMetadata().getName();
    target.namespace =
        next.getMetadata().getNamespace() != null ? next.getMetadata().getNamespace() : namespace;
    target.configMap = configMap;
    target.operatorConfiguration = operatorConfiguration;
    target.operatorNamespace = operatorNamespace;
    if (target.namespace == null) {
      try (KubernetesClient c = new KubernetesClientBuilder().build()) {
        target.namespace = c.getNamespace() == null ? "default" : c.getNamespace();
      }
    }
    next.getMetadata().setNamespace(target.namespace);
    ClusterTarget.Session session;
    try {
      session = target.open();
    } catch (IllegalArgumentException e) {
      err.println(
          "error: "
              + e.getMessage()
              + ": applying "
              + file
              + " creates a new cluster (see tusk render)");
      return 2;
    }
    try (session) {
      return plan(session, next, out, err);
    }
  }

  private int plan(
      ClusterTarget.Session session, Postgresql next, PrintWriter out, PrintWriter err) {
    OperatorConfig cfg = session.config();
    ManifestValidator.Verdict verdict = ManifestValidator.check(next, cfg);
    if (!verdict.errors().isEmpty()) {
      for (Violation v : verdict.errors()) {
        err.println("error: " + v.field() + ": " + v.reason());
      }
      err.println("The operator would set the status Invalid and change nothing.");
      return 1;
    }
    KubernetesClient client = session.client();
    String ns = next.getMetadata().getNamespace();
    StatefulSet liveSts =
        client.apps().statefulSets().inNamespace(ns).withName(next.getMetadata().getName()).get();
    // As the operator builds it: the claim template never shrinks below the current one, and the
    // running major version stays outside the maintenance windows.
    Observed observed =
        Observed.none().toBuilder()
            .dataVolumeTemplateSize(
                liveSts == null ? null : VolumeGrowth.claimTemplateSize(liveSts))
            .runningMajorVersion(
                liveSts == null ? null : MajorVersion.running(liveSts).orElse(null))
            .build();
    VersionWindow version =
        VersionWindow.decide(new ClusterModel(next, cfg, observed), Instant.now());
    DesiredState desired =
        ClusterBuilder.build(new ClusterModel(next, cfg, version.observed(observed)));
    out.printf("Plan for %s/%s%n", ns, next.getMetadata().getName());

    List<String> objects = new ArrayList<>();
    boolean roll = false;
    if (liveSts == null) {
      objects.add("StatefulSet " + desired.statefulSet().getMetadata().getName() + ": create");
    } else {
      Comparison cmp = StatefulSetComparison.compare(liveSts, desired.statefulSet(), cfg);
      roll = cmp.rollingUpdate();
      switch (cmp.action()) {
        case NONE -> {}
        case UPDATE ->
            objects.add(sts(desired) + "update (" + String.join("; ", cmp.reasons()) + ")");
        case ROLLING_UPDATE ->
            objects.add(
                sts(desired) + "update, pods recreated (" + String.join("; ", cmp.reasons()) + ")");
        case REPLACE ->
            objects.add(
                sts(desired)
                    + "replace (immutable fields; pods kept"
                    + (roll ? ", then recreated" : "")
                    + "): "
                    + String.join("; ", cmp.reasons()));
      }
    }
    SubsetMatcher matcher = new SubsetMatcher(client.getKubernetesSerialization());
    for (HasMetadata want : desired.all()) {
      if (want instanceof StatefulSet) {
        continue;
      }
      HasMetadata live = client.resource(want).get();
      String what = want.getKind() + " " + want.getMetadata().getName();
      if (live == null) {
        objects.add(what + ": create");
      } else if (!(want instanceof Secret)) {
        matcher
            .firstDifference(want, live)
            .ifPresent(path -> objects.add(what + ": update (" + path + ")"));
      }
    }
    // A pooler turned off: the objects Tusk created for it go.
    List<HasMetadata> poolerLive = new ArrayList<>();
    String cluster = next.getMetadata().getName();
    for (String pooler : List.of(cluster + "-pooler", cluster + "-pooler-repl")) {
      addIfPresent(poolerLive, client.apps().deployments().inNamespace(ns).withName(pooler).get());
      addIfPresent(poolerLive, client.services().inNamespace(ns).withName(pooler).get());
      addIfPresent(poolerLive, client.secrets().inNamespace(ns).withName(pooler + "-u").get());
    }
    for (HasMetadata gone : PoolerRemoval.toRemove(cluster, desired.poolerObjects(), poolerLive)) {
      objects.add(gone.getKind() + " " + gone.getMetadata().getName() + ": delete");
    }
    out.println();
    if (objects.isEmpty()) {
      out.println("Objects: no change");
    } else {
      out.println("Objects:");
      objects.forEach(o -> out.println("  " + o));
    }
    versionLines(version).forEach(out::println);

    printVolumes(client, next, cfg, out);

    PatroniObservation.Observation seen = session.observe();
    ClusterFacts facts = seen.facts();
    Postgresql live =
        client
            .resources(Postgresql.class)
            .inNamespace(ns)
            .withName(next.getMetadata().getName())
            .get();
    majorUpgradeLines(withUpgradeAnnotationsOf(live, next, client), cfg, seen, Instant.now())
        .forEach(out::println);
    if (roll) {
      facts =
          new ClusterFacts(
              facts.pods().stream()
                  .map(
                      p ->
                          new PodFacts(
                              p.name(), p.role(), p.ready(), p.terminating(), true, p.node()))
                  .toList(),
              facts.instances(),
              facts.patroni(),
              facts.dynamicConfig());
    }
    Intent intent = Intent.of(next.getSpec(), cfg);
    // A scale-down first, as the operator does it before the StatefulSet is applied.
    List<Action> steps = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    Integer replicas = desired.statefulSet().getSpec().getReplicas();
    if (liveSts != null && replicas != null && replicas < facts.instances()) {
      Optional<Action> first = ScaleDown.before(intent, facts, replicas);
      first.ifPresent(a -> lines.add(a.describe()));
      first.ifPresent(steps::add);
      if (first.isEmpty() || first.get() instanceof Action.Switchover) {
        List<String> gone =
            facts.pods().stream().filter(p -> p.ordinal() >= replicas).map(PodFacts::name).toList();
        lines.add(
            "scale down from "
                + facts.instances()
                + " to "
                + replicas
                + " instances (pods "
                + String.join(", ", gone)
                + " removed)");
        facts = ScaleDown.after(facts, first.map(a -> (Action.Switchover) a), replicas);
        List<Action> rest = Preview.steps(intent, facts);
        rest.forEach(a -> lines.add(a.describe()));
        steps.addAll(rest);
      }
    } else {
      steps.addAll(Preview.steps(intent, facts));
      steps.forEach(a -> lines.add(a.describe()));
    }
    out.println();
    if (lines.isEmpty()) {
      out.println("Patroni and pods: no change");
    } else {
      out.println("Patroni and pods, in this order:");
      for (int i = 0; i < lines.size(); i++) {
        out.printf("  %d. %s%n", i + 1, lines.get(i));
      }
      long switchovers = steps.stream().filter(a -> a instanceof Action.Switchover).count();
      long recreated = steps.stream().filter(a -> a instanceof Action.RecreatePod).count();
      long restarts = steps.stream().filter(a -> a instanceof Action.Restart).count();
      out.printf(
          "  (%d pod%s recreated, %d restart%s, %d switchover%s)%n",
          recreated,
          recreated == 1 ? "" : "s",
          restarts,
          restarts == 1 ? "" : "s",
          switchovers,
          switchovers == 1 ? "" : "s");
    }
    verdict.warnings().forEach(v -> err.println("warning: " + v.field() + ": " + v.reason()));
    out.flush();
    return 0;
  }

  /**
   * The volumes section: what the operator's volume step ({@link VolumeGrowth}) does with the live
   * claims of the cluster.
   */
  static void printVolumes(
      KubernetesClient client, Postgresql next, OperatorConfig cfg, PrintWriter out) {
    ClusterModel model = ClusterModel.of(next, cfg);
    List<PersistentVolumeClaim> claims =
        client
            .persistentVolumeClaims()
            .inNamespace(next.getMetadata().getNamespace())
            .withLabels(Labels.of(model).base())
            .list()
            .getItems();
    out.println();
    for (String line : volumeLines(VolumeGrowth.plan(model, claims))) {
      out.println(line);
    }
  }

  /**
   * The version line of a plan: a change applied now, one that waits for a maintenance window, or a
   * decrease that is ignored; none when the version stays as it is.
   */
  static List<String> versionLines(VersionWindow version) {
    MajorVersionChange change = version.change();
    if (change.kind() == MajorVersionChange.Kind.APPLIED) {
      return List.of(
          "",
          "PostgreSQL version: "
              + change.running()
              + " -> "
              + change.applied()
              + " (in a maintenance window or none applies: PGVERSION changes, the pods are"
              + " recreated)");
    }
    String keeps =
        version.deferred()
            ? "; until then the StatefulSet keeps "
                + change.applied()
                + " (no pod recreated for it)"
            : "";
    return version
        .note()
        .map(n -> List.of("", "PostgreSQL version: " + n + keeps))
        .orElse(List.of());
  }

  /**
   * The in-place major version upgrade the operator would run after the pods carry the new version
   * ({@link MajorUpgradeRule}, decided from Patroni as the operator decides it): none, when it
   * starts, or what it waits for (with the next maintenance window).
   */
  static List<String> majorUpgradeLines(
      Postgresql next, OperatorConfig cfg, PatroniObservation.Observation seen, Instant now) {
    Optional<PatroniCluster> cluster = seen.facts().patroni();
    Optional<ClusterMember> leader = cluster.flatMap(PatroniCluster::leader);
    MemberStatus me = null;
    if (leader.isPresent() && seen.api(leader.get().name()).isPresent()) {
      try {
        me = PatroniClient.withDefaults().patroni(seen.api(leader.get().name()).get());
      } catch (PatroniException e) {
        me = null;
      }
    }
    MajorUpgradeRule.Facts facts =
        MajorUpgrades.facts(
            next,
            cfg,
            me != null && me.isPrimary() ? leader.get().name() : null,
            cluster.orElse(null),
            me,
            seen.facts().pods().size(),
            now);
    return majorUpgradeLines(
        MajorUpgradeRule.decide(facts), facts, MaintenanceWindows.of(next.getSpec(), cfg), now);
  }

  /**
   * The manifest from the file with the upgrade's annotations of the live one (the operator writes
   * them; a file rarely has them).
   */
  static Postgresql withUpgradeAnnotationsOf(
      Postgresql live, Postgresql next, KubernetesClient client) {
    Postgresql copy = client.getKubernetesSerialization().clone(next);
    java.util.Map<String, String> annotations =
        new java.util.HashMap<>(
            copy.getMetadata().getAnnotations() == null
                ? java.util.Map.of()
                : copy.getMetadata().getAnnotations());
    List<String> keys =
        List.of(
            MajorUpgrades.FAILURE_ANNOTATION,
            MajorUpgrades.FAILED_VERSION_ANNOTATION,
            MajorUpgrades.FAILURE_REASON_ANNOTATION,
            MajorUpgrades.SUCCESS_ANNOTATION);
    keys.forEach(annotations::remove);
    if (live != null && live.getMetadata().getAnnotations() != null) {
      for (String k : keys) {
        String v = live.getMetadata().getAnnotations().get(k);
        if (v != null) {
          annotations.put(k, v);
        }
      }
    }
    copy.getMetadata().setAnnotations(annotations);
    return copy;
  }

  static List<String> majorUpgradeLines(
      MajorUpgradeRule.Decision decision,
      MajorUpgradeRule.Facts facts,
      MaintenanceWindows windows,
      Instant now) {
    String head = "Major version upgrade: ";
    if (decision instanceof MajorUpgradeRule.Start s) {
      return List.of(
          "",
          head
              + "PostgreSQL "
              + s.from()
              + " -> "
              + s.to()
              + " in place, by an exec of Spilo's inplace_upgrade.py on pod "
              + s.primary()
              + " once no pod waits to be recreated (writes stop while pg_upgrade --link runs;"
              + " the replicas are cloned again)");
    }
    if (decision instanceof MajorUpgradeRule.Wait w) {
      String next =
          windows.open(now)
              ? ""
              : windows
                  .nextStart(now)
                  .map(t -> "; the next maintenance window (" + windows + ") opens at " + t)
                  .orElse("");
      return List.of("", head + "waits: " + w.reason() + next);
    }
    if (decision instanceof MajorUpgradeRule.Off
        && facts.currentMajor() != 0
        && facts.desiredMajor() > facts.currentMajor()) {
      return List.of(
          "",
          head
              + "none (major_version_upgrade_mode: "
              + facts.mode()
              + "): the pods keep running PostgreSQL "
              + facts.currentMajor());
    }
    return List.of();
  }

  /** The lines of the volumes section for a plan. */
  static List<String> volumeLines(VolumeGrowth.Plan plan) {
    List<String> lines = new ArrayList<>();
    if (plan.resize().mode() == VolumeGrowth.Mode.OFF) {
      lines.add("Volumes: no change (storage_resize_mode off: existing claims are never resized)");
      return lines;
    }
    if (plan.isEmpty()) {
      lines.add("Volumes: no change");
      return lines;
    }
    lines.add("Volumes (storage_resize_mode " + plan.resize().configured() + "):");
    for (VolumeGrowth.Grow g : plan.grows()) {
      lines.add(
          "  "
              + g.claim()
              + ": grow "
              + g.from()
              + " -> "
              + g.to()
              + " (claim patched, volume grown by the storage; no pod restarted)");
    }
    for (String claim : plan.unbound()) {
      lines.add("  " + claim + ": not bound yet, grown to " + plan.declared() + " once bound");
    }
    plan.refusal().ifPresent(r -> lines.add("  refused: " + r));
    plan.resize().fallback().ifPresent(f -> lines.add("  note: " + f));
    if (!plan.grows().isEmpty()) {
      lines.add(
          "  ("
              + plan.grows().size()
              + " volume"
              + (plan.grows().size() == 1 ? "" : "s")
              + " grown, 0 pods restarted, 0 switchovers)");
    }
    return lines;
  }

  private static String sts(DesiredState desired) {
    return "StatefulSet " + desired.statefulSet().getMetadata().getName() + ": ";
  }

  private static void addIfPresent(List<HasMetadata> list, HasMetadata o) {
    if (o != null) {
      list.add(o);
    }
  }
}
