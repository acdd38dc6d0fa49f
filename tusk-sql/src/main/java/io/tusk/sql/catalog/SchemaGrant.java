package io.tusk.sql.catalog;

/** One privilege on a schema ({@code pg_namespace.nspacl}, exploded). */
public record SchemaGrant(String schema, String grantee, String privilege) {}
