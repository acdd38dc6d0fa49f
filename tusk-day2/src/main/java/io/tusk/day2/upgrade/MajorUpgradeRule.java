package io.tusk.day2.upgrade;

import java.util.List;
import java.util.Objects;

/**
 * Whether a cluster's in-place major version upgrade starts now: Zalando's rules ({@code
 * majorversionupgrade.go#majorVersionUpgrade}, v2.0.1; contract section 4.6), checked in Zalando's
 * order.
 *
 * <ol>
 *   <li>mode {@code off} and the owning team not on {@code major_version_upgrade_team_allow_list}:
 *       nothing;
 *   <li>the primary runs the desired major or a newer one: up to date (a failure annotation goes);
 *   <li>no primary, or a standby cluster: skipped;
 *   <li>the last attempt failed (annotation {@code last-major-upgrade-failure}): skipped until the
 *       manifest asks for another version than the one that failed (Zalando: until the version is
 *       reverted);
 *   <li>Patroni paused (maintenance mode): waits (Tusk; Spilo's script refuses it too);
 *   <li>outside the cluster's maintenance windows: waits;
 *   <li>a replica that does not stream (Patroni 3.0.4 and later) or lags more than 16 MiB, or a
 *       member that does not run: waits;
 *   <li>else: the upgrade starts on the primary.
 * </ol>
 */
public final class MajorUpgradeRule {

  /** Zalando's limit on replica lag before an upgrade. */
  public static final long MAX_LAG_BYTES = 16L * 1024 * 1024;

  private MajorUpgradeRule() {}

  /** One member as Patroni's {@code GET /cluster} reports it. */
  public record Member(String name, String role, String state, Long lagBytes) {
    boolean leader() {
      return "leader".equals(role) || "standby_leader".equals(role);
    }

    boolean running() {
      return "running".equals(state) || "streaming".equals(state);
    }
  }

  /**
   * What the rule reads.
   *
   * @param mode {@code major_version_upgrade_mode}
   * @param teamAllowList {@code major_version_upgrade_team_allow_list}
   * @param teamId the manifest's {@code teamId}
   * @param desiredMajor the major the manifest (or {@code full} mode) asks for
   * @param currentMajor the major the primary runs, 0 when unknown
   * @param primary the primary's pod name, null when there is none
   * @param members the members Patroni reports
   * @param pods how many pods the cluster has
   * @param patroniVersion the primary's Patroni version, or null
   * @param failedAt the value of {@code last-major-upgrade-failure}, or null
   * @param failedVersion the major whose upgrade failed (Tusk's own annotation), or null
   * @param windowOpen whether a maintenance window is open now (true when none is set)
   * @param paused whether Patroni is paused (maintenance mode): someone works on the cluster by
   *     hand, and Spilo's script refuses it
   */
  public record Facts(
      String mode,
      List<String> teamAllowList,
      String teamId,
      int desiredMajor,
      int currentMajor,
      String primary,
      List<Member> members,
      int pods,
      String patroniVersion,
      String failedAt,
      String failedVersion,
      boolean windowOpen,
      boolean paused) {
    public Facts {
      teamAllowList = teamAllowList == null ? List.of() : List.copyOf(teamAllowList);
      members = List.copyOf(members);
    }
  }

  /** What to do. */
  public sealed interface Decision permits Off, UpToDate, Wait, Start {}

  /** Upgrades are off for this cluster. */
  public record Off() implements Decision {}

  /**
   * The primary runs the desired major (or a newer one).
   *
   * @param removeFailure whether a failure annotation is left to remove
   */
  public record UpToDate(boolean removeFailure) implements Decision {}

  /**
   * Not now; {@code reason} says why (for the status, a log line, {@code tusk plan}).
   *
   * @param blocked whether only a manifest change lifts it (a failed attempt, a standby cluster)
   */
  public record Wait(String reason, boolean blocked) implements Decision {}

  /** The upgrade starts on {@code primary}, of a cluster of {@code pods} pods. */
  public record Start(String primary, int pods, int from, int to) implements Decision {}

  public static Decision decide(Facts f) {
    Objects.requireNonNull(f);
    String mode = f.mode() == null ? "manual" : f.mode();
    if (mode.equals("off") && !f.teamAllowList().contains(f.teamId())) {
      return new Off();
    }
    if (f.desiredMajor() == 0) {
      return new Off();
    }
    if (f.currentMajor() != 0 && f.currentMajor() >= f.desiredMajor()) {
      return new UpToDate(f.failedAt() != null);
    }
    boolean standby = f.members().stream().anyMatch(m -> "standby_leader".equals(m.role()));
    if (standby) {
      return new Wait(
          "a standby cluster is not upgraded in place; re-create it with PostgreSQL "
              + f.desiredMajor(),
          true);
    }
    if (f.primary() == null || f.currentMajor() == 0) {
      return new Wait("no primary to upgrade", false);
    }
    if (f.failedAt() != null
        && (f.failedVersion() == null
            || f.failedVersion().equals(String.valueOf(f.desiredMajor())))) {
      return new Wait(
          "the upgrade to PostgreSQL "
              + f.desiredMajor()
              + " failed at "
              + f.failedAt()
              + "; it is not retried until postgresql.version changes",
          true);
    }
    if (f.paused()) {
      return new Wait(
          "Patroni is paused (maintenance mode); the upgrade waits for its resume", false);
    }
    if (!f.windowOpen()) {
      return new Wait(
          "the upgrade from PostgreSQL "
              + f.currentMajor()
              + " to "
              + f.desiredMajor()
              + " waits for a maintenance window",
          false);
    }
    boolean checkStreaming = atLeast(f.patroniVersion(), 3, 0, 4);
    for (Member m : f.members()) {
      if (m.leader()) {
        continue;
      }
      if (checkStreaming && !"streaming".equals(m.state())) {
        String state = m.state() == null || m.state().isBlank() ? "state unknown" : m.state();
        return new Wait("replica " + m.name() + " is not streaming (" + state + ")", false);
      }
      if (m.lagBytes() != null && m.lagBytes() > MAX_LAG_BYTES) {
        return new Wait(
            "replica " + m.name() + " lags " + m.lagBytes() + " bytes (more than 16 MiB)", false);
      }
    }
    if (f.members().size() != f.pods() || !f.members().stream().allMatch(Member::running)) {
      return new Wait(
          "not every member runs (" + f.members().size() + " of " + f.pods() + " pods)", false);
    }
    return new Start(f.primary(), f.pods(), f.currentMajor(), f.desiredMajor());
  }

  /** Whether a version like {@code 4.0.4} is at least {@code a.b.c}; true when unknown. */
  static boolean atLeast(String version, int a, int b, int c) {
    if (version == null || version.isBlank()) {
      return true;
    }
    String[] parts = version.split("[^0-9]+");
    int[] want = {a, b, c};
    for (int i = 0; i < 3; i++) {
      int have;
      try {
        have = i < parts.length && !parts[i].isEmpty() ? Integer.parseInt(parts[i]) : 0;
      } catch (NumberFormatException e) {
        return true;
      }
      if (have != want[i]) {
        return have > want[i];
      }
    }
    return true;
  }
}
