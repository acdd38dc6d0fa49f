package io.tusk.patroni;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The member a switchover goes to, by Zalando's rules ({@code getSwitchoverCandidate}): under
 * synchronous mode only a synchronous standby; otherwise a replica that runs, streams or replays
 * from the archive, the one with the least lag first (then by name, so the choice is stable).
 *
 * <p>Tusk adds two conditions Zalando does not check: a member tagged {@code nofailover} is never
 * chosen, and a replica whose lag is unknown or above {@code maxLagBytes} is not either.
 */
public final class SwitchoverCandidates {

  private SwitchoverCandidates() {}

  /** The candidate, or a reason why there is none. */
  public record Choice(Optional<ClusterMember> candidate, String reason) {

    static Choice of(ClusterMember member) {
      return new Choice(Optional.of(member), "");
    }

    static Choice none(String reason) {
      return new Choice(Optional.empty(), reason);
    }
  }

  /**
   * @param synchronousMode whether the cluster runs Patroni's synchronous mode
   * @param maxLagBytes the largest replay lag a candidate may have
   * @param exclude a member that must not be chosen (a pod about to be removed), or null
   */
  public static Choice choose(
      PatroniCluster cluster, boolean synchronousMode, long maxLagBytes, String exclude) {
    List<ClusterMember> replicas =
        cluster.members().stream()
            .filter(m -> !m.isLeader())
            .filter(m -> exclude == null || !exclude.equals(m.name()))
            .toList();
    if (replicas.isEmpty()) {
      return Choice.none("no replica to switch over to");
    }
    List<ClusterMember> eligible =
        replicas.stream()
            .filter(m -> !synchronousMode || m.isSyncStandby())
            .filter(m -> m.isReplicating() || "running".equals(m.state()))
            .filter(m -> !m.refusesLeadership())
            .toList();
    if (eligible.isEmpty()) {
      return Choice.none(
          synchronousMode
              ? "no synchronous standby is running"
              : "no replica is running or streaming");
    }
    Optional<ClusterMember> best =
        eligible.stream()
            .filter(m -> within(m.lagBytes(), maxLagBytes))
            .min(
                Comparator.comparingLong((ClusterMember m) -> m.lagBytes().orElse(Long.MAX_VALUE))
                    .thenComparing(ClusterMember::name));
    return best.map(Choice::of)
        .orElseGet(
            () ->
                Choice.none(
                    "every candidate lags more than "
                        + maxLagBytes
                        + " bytes or its lag is unknown"));
  }

  private static boolean within(OptionalLong lag, long maxLagBytes) {
    return lag.isPresent() && lag.getAsLong() <= maxLagBytes;
  }
}
