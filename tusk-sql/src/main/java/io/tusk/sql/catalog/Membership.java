package io.tusk.sql.catalog;

/** A row of {@code pg_auth_members}: {@code member} is granted {@code role}. */
public record Membership(String role, String member, boolean adminOption) {}
