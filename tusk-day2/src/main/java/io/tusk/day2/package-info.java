/**
 * What a running cluster needs next, decided purely from what the manifest declares ({@link
 * io.tusk.day2.Intent}) and what was observed of its pods and of Patroni ({@link
 * io.tusk.day2.ClusterFacts}): live changes of Patroni's dynamic configuration, restarts of members
 * that wait for one, switchovers, and the recreation of pods flagged for a rolling update.
 *
 * <ul>
 *   <li>{@link io.tusk.day2.PatroniConfigDiff}: the {@code PATCH /config} with only the keys that
 *       differ, as Zalando's {@code checkAndSetGlobalPostgreSQLConfiguration} chooses them;
 *   <li>{@link io.tusk.day2.Day2Planner}: the one next {@link io.tusk.day2.Action}, and the whole
 *       sequence expected from here ({@code preview}), from the same decision code, so that a plan
 *       shown to a user cannot drift from what the operator does;
 *   <li>{@link io.tusk.day2.RestartParameters}: which parameters PostgreSQL applies only at a
 *       restart (for previews; the operator reads Patroni's {@code pending_restart}).
 * </ul>
 *
 * <p>One action at a time, each decided again from a fresh observation: an operator that restarts
 * in the middle of a roll finds the rest of it on the pods (the rolling-update annotation) and in
 * Patroni (who leads, who waits for a restart), and never repeats a switchover.
 */
package io.tusk.day2;
