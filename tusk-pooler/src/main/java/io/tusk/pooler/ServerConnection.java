package io.tusk.pooler;

/**
 * One row of {@code SHOW SERVERS}: a connection from PgBouncer to PostgreSQL.
 *
 * @param state {@code active}, {@code idle}, {@code used}, {@code tested}, {@code new}
 * @param address the server's address as PgBouncer connected to it
 * @param remotePid the backend's process id on the server (0 while logging in)
 * @param closeNeeded whether PgBouncer closes it once released ({@code RECONNECT}, {@code RELOAD})
 */
public record ServerConnection(
    String user,
    String database,
    String state,
    String address,
    int port,
    int remotePid,
    boolean closeNeeded,
    String connectTime) {}
