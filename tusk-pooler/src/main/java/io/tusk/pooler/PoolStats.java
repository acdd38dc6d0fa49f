package io.tusk.pooler;

/**
 * One row of {@code SHOW POOLS}: a (database, user) pool's clients and server connections.
 *
 * @param clientsActive {@code cl_active}: clients linked to a server connection or idle
 * @param clientsWaiting {@code cl_waiting}: clients that sent a query and wait for a server
 *     connection (all new queries during {@code PAUSE})
 * @param serversActive {@code sv_active}: server connections linked to a client (an open
 *     transaction in transaction mode)
 * @param serversIdle {@code sv_idle}
 * @param serversUsed {@code sv_used}: idle, to be checked before reuse
 * @param serversTested {@code sv_tested}
 * @param serversLogin {@code sv_login}: still logging in
 * @param maxWaitSeconds {@code maxwait}: how long the oldest waiting client has waited
 */
public record PoolStats(
    String database,
    String user,
    int clientsActive,
    int clientsWaiting,
    int serversActive,
    int serversIdle,
    int serversUsed,
    int serversTested,
    int serversLogin,
    long maxWaitSeconds,
    String poolMode) {

  /** Every server connection the pool holds, in whatever state. */
  public int servers() {
    return serversActive + serversIdle + serversUsed + serversTested + serversLogin;
  }

  /** Whether this is the pool of the admin console itself (it has no server connections). */
  public boolean isAdminConsole() {
    return PgBouncerAdmin.ADMIN_DATABASE.equals(database);
  }

  /** For reports: {@code db/user: 1 active, 0 idle, 0 used, 0 tested, 0 login; 3 waiting}. */
  public String describe() {
    return database
        + "/"
        + user
        + ": servers "
        + serversActive
        + " active, "
        + serversIdle
        + " idle, "
        + serversUsed
        + " used, "
        + serversTested
        + " tested, "
        + serversLogin
        + " login; clients "
        + clientsActive
        + " active, "
        + clientsWaiting
        + " waiting";
  }
}
