package io.tusk.sql.rotation;

import java.util.Set;

/**
 * When passwords rotate. From the configuration ({@code enable_password_rotation}, {@code
 * password_rotation_interval}, {@code password_rotation_user_retention}) and the manifest ({@code
 * usersWithSecretRotation}, {@code usersWithInPlaceSecretRotation}, {@code
 * usersIgnoringSecretRotation}); {@code standbyCluster}: no rotation at all, as in Zalando. {@code
 * superuser} ({@code super_username}) never rotates: Tusk connects with its password, and Zalando
 * means to exclude it too ({@code checkForPasswordRotation}).
 */
public record RotationPolicy(
    boolean enabledGlobally,
    int intervalDays,
    int userRetentionDays,
    Set<String> usersWithRotation,
    Set<String> usersWithInPlaceRotation,
    Set<String> usersIgnoringRotation,
    boolean standbyCluster,
    String superuser) {

  public RotationPolicy {
    usersWithRotation = Set.copyOf(usersWithRotation);
    usersWithInPlaceRotation = Set.copyOf(usersWithInPlaceRotation);
    usersIgnoringRotation = Set.copyOf(usersIgnoringRotation);
    if (intervalDays <= 0) {
      throw new IllegalArgumentException("password_rotation_interval must be positive");
    }
    superuser = superuser == null ? "postgres" : superuser;
  }

  /** With the default superuser name {@code postgres}. */
  public RotationPolicy(
      boolean enabledGlobally,
      int intervalDays,
      int userRetentionDays,
      Set<String> usersWithRotation,
      Set<String> usersWithInPlaceRotation,
      Set<String> usersIgnoringRotation,
      boolean standbyCluster) {
    this(
        enabledGlobally,
        intervalDays,
        userRetentionDays,
        usersWithRotation,
        usersWithInPlaceRotation,
        usersIgnoringRotation,
        standbyCluster,
        "postgres");
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
