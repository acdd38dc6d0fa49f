package io.tusk.api.acid.v1;

/**
 * Status of a {@code PostgresTeam}. Zalando defines none but enables the status subresource; this
 * empty type keeps that subresource in the generated CRD and preserves whatever a client stores.
 */
public class PostgresTeamStatus extends UnknownPropertyHolder {}
