/**
 * PostgresTeam resources as the operator watches them with {@code enable_postgres_team_crd}: an
 * informer whose changes reconcile the clusters they concern within seconds, and whose cache the
 * database step reads instead of listing them ({@link io.tusk.operator.teams.PostgresTeamWatch}).
 */
package io.tusk.operator.teams;
