/**
 * Roles and databases inside PostgreSQL: the database half of Zalando's {@code syncRoles}, {@code
 * syncDatabases} and {@code syncPreparedDatabases} (v2.0.1).
 *
 * <p>Layers, each depending only on those above it:
 *
 * <ul>
 *   <li>{@code model}: the wanted state (roles, databases, prepared databases), plain records;
 *   <li>{@code statement}: quoting and statements with redacted display text;
 *   <li>{@code password}: SCRAM-SHA-256 and md5 hashing and verification;
 *   <li>{@code catalog}: what the server has, and the reader that fetches it;
 *   <li>{@code plan}: validation and pure planners (wanted + catalog to changes);
 *   <li>{@code exec}: JDBC application of changes with per-subject errors;
 *   <li>{@link io.tusk.sql.RoleSync}: read, plan, apply;
 *   <li>{@code streams}: the publications of the event streams (read, plan, apply), marked so that
 *       only Tusk's own are ever dropped;
 *   <li>{@code rotation}, {@code teams}, {@code infra}: pure inputs to the wanted state (passwords
 *       and rotation, human users, infrastructure roles) and the Teams API client;
 *   <li>{@code sources}: the only package that knows the {@code postgresql} manifest and the
 *       operator configuration; maps them to the wanted state.
 * </ul>
 *
 * <p>See {@code docs/roles-and-databases.md} for behaviour and differences from Zalando.
 */
package io.tusk.sql;
