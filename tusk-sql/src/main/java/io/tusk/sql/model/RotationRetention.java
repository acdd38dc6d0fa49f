package io.tusk.sql.model;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Drop the dated rotation users of {@code baseRole} ({@code {baseRole}YYMMDD}, members of the base
 * role) created before {@code createdBefore}. Mirrors {@code database.go#cleanupRotatedUsers}
 * (v2.0.1), where the cut-off is today minus {@code password_rotation_user_retention}.
 */
public record RotationRetention(String baseRole, LocalDate createdBefore) {
  public RotationRetention {
    Objects.requireNonNull(baseRole, "baseRole");
    Objects.requireNonNull(createdBefore, "createdBefore");
  }
}
