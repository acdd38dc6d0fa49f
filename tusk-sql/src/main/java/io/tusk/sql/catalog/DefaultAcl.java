package io.tusk.sql.catalog;

/**
 * One privilege of a {@code pg_default_acl} entry, exploded: objects {@code forRole} creates (in
 * {@code schema}, or anywhere when {@code schema} is null) give {@code privilege} to {@code
 * grantee}.
 *
 * @param objectType {@code r} tables, {@code S} sequences, {@code f} functions, {@code T} types,
 *     {@code n} schemas
 */
public record DefaultAcl(
    String forRole, String schema, char objectType, String grantee, String privilege) {}
