/**
 * Patroni's REST API (port 8008 of every Spilo pod), as the operator uses it: reading a member
 * ({@code GET /patroni}), the cluster ({@code GET /cluster}) and the dynamic configuration ({@code
 * GET /config}); changing it ({@code PATCH /config}); acting on members ({@code POST /switchover},
 * {@code /restart}, {@code /reload}); and the health checks that say whether a replica streams
 * within a lag limit ({@code GET /readiness?lag=}, {@code GET /sync}).
 *
 * <ul>
 *   <li>{@link io.tusk.patroni.PatroniClient}: one shared HTTP client with a timeout per call;
 *       every failure is a {@link io.tusk.patroni.PatroniException} naming the member, the call and
 *       Patroni's answer (never a request body, which may carry configuration);
 *   <li>{@link io.tusk.patroni.PatroniCluster}, {@link io.tusk.patroni.ClusterMember}, {@link
 *       io.tusk.patroni.MemberStatus}: what Patroni reports, as plain records;
 *   <li>{@link io.tusk.patroni.SwitchoverCandidates}: the member a switchover goes to, by Zalando's
 *       rules (pure).
 * </ul>
 *
 * <p>Facts from Patroni 4.1: a switchover call blocks until the new leader holds the lock (up to
 * twice {@code max(10 s, loop_wait)}); {@code /readiness} answers 200 on the leader, and on a
 * replica only while it streams with a replay lag at or below {@code lag} (bytes).
 */
package io.tusk.patroni;
