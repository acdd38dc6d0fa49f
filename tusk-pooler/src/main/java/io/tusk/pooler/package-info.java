/**
 * A client of PgBouncer's admin console, as the operator uses it around primary changes: {@code
 * PAUSE} the master poolers before a planned switchover (open transactions finish, new queries
 * wait), {@code RESUME} them once the master Service leads to the new primary, and {@code
 * RECONNECT} them after an unplanned failover so that no server connection stays on the former
 * primary. Independent of Kubernetes: the caller says which instance (address, admin user,
 * password) to talk to.
 *
 * <ul>
 *   <li>{@link io.tusk.pooler.PgBouncerAdmin}: the commands and {@code SHOW} reports, one
 *       connection per call with connect and command timeouts; {@code PAUSE} and {@code WAIT_CLOSE}
 *       take their own bound and report the pools that still hold server connections ({@link
 *       io.tusk.pooler.DrainResult});
 *   <li>{@link io.tusk.pooler.AdminTarget}: the instance and credentials (the password never
 *       printed);
 *   <li>{@link io.tusk.pooler.PoolerState}, {@link io.tusk.pooler.PoolStats}, {@link
 *       io.tusk.pooler.ServerConnection}, {@link io.tusk.pooler.DatabaseInfo}: what the instance
 *       reports, as plain records.
 * </ul>
 *
 * <p>Facts from PgBouncer (checked against Debian's 1.18.0): the console speaks only the simple
 * query protocol and admits the users of {@code admin_users} (commands) and {@code stats_users}
 * ({@code SHOW} only); Zalando's pooler image makes the pooler role the admin user and sets {@code
 * ignore_startup_parameters = extra_float_digits,options}, which PgJDBC needs. {@code PAUSE}
 * returns only once every server connection is released; a client that leaves earlier leaves the
 * pooler paused. A second {@code PAUSE} fails with {@code already suspended/paused}, {@code RESUME}
 * of a running pooler with {@code pooler is not paused/suspended}. {@code SHOW STATE} exists from
 * 1.19; 1.18 shows a global pause nowhere ({@code SHOW DATABASES}' {@code paused} is only {@code
 * PAUSE db}), but its answer to {@code PAUSE pgbouncer} tells it. {@code RECONNECT} and {@code
 * WAIT_CLOSE} exist since 1.9.
 */
package io.tusk.pooler;
