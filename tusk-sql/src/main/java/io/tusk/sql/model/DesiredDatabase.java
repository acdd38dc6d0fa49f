package io.tusk.sql.model;

import java.util.Objects;

/** A database from {@code spec.databases}: created if missing, owner changed when different. */
public record DesiredDatabase(String name, String owner) {
  public DesiredDatabase {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
  }
}
