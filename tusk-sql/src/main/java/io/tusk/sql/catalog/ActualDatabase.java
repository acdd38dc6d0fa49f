package io.tusk.sql.catalog;

/**
 * A database from {@code pg_database}.
 *
 * @param connections other sessions connected to it now ({@code pg_stat_activity})
 */
public record ActualDatabase(
    String name, String owner, boolean allowConnections, boolean template, int connections) {}
