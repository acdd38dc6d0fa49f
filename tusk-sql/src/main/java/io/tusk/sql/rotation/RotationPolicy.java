package io.tusk.sql.rotation;

import java.util.Set;

/**
 * When passwords rotate. From the configuration ({@code enable_password_rotation}, {@code
 * password_rotation_interval}, {@code password_rotation_user_retention}) and the manifest ({@code
 * usersWithSecretRotation}, {@code usersWithInPlaceSecretRotation}, {@code
 * usersIgnoringSecretRotation}); {@code standbyCluster}: no rotation at all, as in Zalando.
 */
public record RotationPolicy(
    boolean enabledGlobally,
    int intervalDays,
    int userRetentionDays,
    Set<String> usersWithRotation,
    Set<String> usersWithInPlaceRotation,
    Set<String> usersIgnoringRotation,
    boolean standbyCluster) {

  public RotationPolicy {
    usersWithRotation = Set.copyOf(usersWithRotation);
    usersWithInPlaceRotation = Set.copyOf(usersWithInPlaceRotation);
    usersIgnoringRotation = Set.copyOf(usersIgnoringRotation);
    if (intervalDays <= 0) {
      throw new IllegalArgumentException("password_rotation_interval must be positive");
    }
  }

  /** Rotation off: Zalando's defaults otherwise (90 days, 180 days retention). */
  public static RotationPolicy disabled() {
    return new RotationPolicy(false, 90, 180, Set.of(), Set.of(), Set.of(), false);
  }

  /**
   * The retention actually used: at least twice the interval ({@code
   * database.go#cleanupRotatedUsers}).
   */
  public int effectiveRetentionDays() {
    return Math.max(userRetentionDays, 2 * intervalDays);
  }
}
