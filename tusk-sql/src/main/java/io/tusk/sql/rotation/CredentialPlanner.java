package io.tusk.sql.rotation;

import io.tusk.spec.PasswordSource;
import io.tusk.spec.roles.RoleOrigin;
import io.tusk.sql.model.DesiredRole;
import io.tusk.sql.model.PasswordSpec;
import io.tusk.sql.model.RotationRetention;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, per user with a Secret, the Secret's contents and the password its role gets: new
 * Secrets get a generated password, existing ones are read back, rotation replaces the password
 * (and, unless in place, the user) when due. Pure: time comes from the {@link Clock}, passwords
 * from the {@link PasswordSource}.
 *
 * <p>Mirrors Zalando's {@code sync.go#updateSecret}, {@code #checkForPasswordRotation} and {@code
 * #rotatePasswordInSecret} (v2.0.1):
 *
 * <ul>
 *   <li>rotation applies when enabled globally for manifest and prepared-database users that do not
 *       own a database, or per user ({@code usersWithSecretRotation}, {@code
 *       usersWithInPlaceSecretRotation}), unless the user is in {@code
 *       usersIgnoringSecretRotation}; never on a standby cluster;
 *   <li>the first time, {@code nextRotation} = now + interval is stored; when it has passed, a new
 *       password and either a new dated user {@code {user}YYMMDD} (member of the user, inheriting
 *       its settings) or, in place, the same user; a shorter interval brings the date forward;
 *   <li>when rotation is switched off and the Secret still names a rotation user, the Secret goes
 *       back to the user itself with a new password;
 *   <li>infrastructure roles: the configured password wins and the Secret is overwritten.
 * </ul>
 *
 * <p>Beyond Zalando: a Secret marked as user-supplied is never rotated or overwritten; the
 * superuser never rotates (Tusk connects with its password); other system and pooler users only
 * rotate in place (a dated replication user would break Patroni); the new Secret of a rotating user
 * gets its {@code nextRotation} at once.
 */
public final class CredentialPlanner {

  /** Go's {@code time.RFC3339} layout, as Zalando writes {@code nextRotation}. */
  static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

  /** Zalando's {@code constants.RotationUserDateFormat} ({@code 060102}). */
  static final DateTimeFormatter ROTATION_SUFFIX = DateTimeFormatter.ofPattern("yyMMdd");

  private final RotationPolicy policy;
  private final Clock clock;
  private final PasswordSource passwords;

  public CredentialPlanner(RotationPolicy policy, Clock clock, PasswordSource passwords) {
    this.policy = policy;
    this.clock = clock;
    this.passwords = passwords;
  }

  /**
   * @param role the wanted role (its password, if plain, is the infrastructure password or a
   *     password Tusk may use for a new Secret)
   * @param stored the Secret's contents, or null when there is no Secret yet
   * @throws IllegalStateException when the Secret names another user that differs only in {@code
   *     -}/{@code _} (a manifest user and a prepared-database user share a Secret name)
   */
  public CredentialDecision decide(DesiredRole role, StoredCredentials stored) {
    String name = role.name();
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);

    if (role.origin() == RoleOrigin.INFRASTRUCTURE
        && role.password() instanceof PasswordSpec.Plain infra) {
      Credentials wanted = new Credentials(name, infra.password(), "");
      CredentialDecision.Action action =
          stored == null
              ? CredentialDecision.Action.CREATE
              : stored.password().equals(infra.password()) && stored.username().equals(name)
                  ? CredentialDecision.Action.NONE
                  : CredentialDecision.Action.UPDATE;
      return decision(
          role,
          wanted,
          action,
          action == CredentialDecision.Action.NONE
              ? "unchanged"
              : "updating the secret from the infrastructure role",
          null,
          false,
          stored);
    }

    boolean rotating = rotationEnabled(role);
    if (stored == null) {
      String password =
          role.password() instanceof PasswordSpec.Plain p ? p.password() : passwords.next();
      String next = rotating ? RFC3339.format(now.plusDays(policy.intervalDays())) : "";
      return decision(
          role,
          new Credentials(name, password, next),
          CredentialDecision.Action.CREATE,
          "new secret",
          null,
          false,
          null);
    }
    if (stored.userSupplied()) {
      return decision(
          role,
          new Credentials(name, stored.password(), stored.nextRotation()),
          CredentialDecision.Action.NONE,
          "user-supplied secret, used as is",
          null,
          false,
          stored);
    }
    if (!rotating) {
      if (!policy.standbyCluster()
          && !stored.username().isEmpty()
          && !stored.username().equals(name)) {
        if (stored.username().replace('-', '_').equals(name.replace('-', '_'))) {
          throw new IllegalStateException(
              "could not update secret because of user name"
                  + " mismatch: expected: "
                  + name
                  + ", got: "
                  + stored.username());
        }
        return decision(
            role,
            new Credentials(name, passwords.next(), ""),
            CredentialDecision.Action.UPDATE,
            "secret does not contain the role "
                + name
                + " - updating username and resetting password",
            retention(name, now),
            false,
            stored);
      }
      // Rotation was on before: keep cleaning up its old users.
      RotationRetention cleanup = stored.nextRotation().isEmpty() ? null : retention(name, now);
      return decision(
          role,
          new Credentials(name, stored.password(), stored.nextRotation()),
          CredentialDecision.Action.NONE,
          "unchanged",
          cleanup,
          false,
          stored);
    }

    // Rotation is on for this user.
    boolean inPlace = inPlace(role);
    String reason = "unchanged";
    CredentialDecision.Action action = CredentialDecision.Action.NONE;
    String nextText = stored.nextRotation();
    OffsetDateTime next = parse(nextText);
    if (next == null) {
      next = now.plusDays(policy.intervalDays());
      nextText = RFC3339.format(next);
      action = CredentialDecision.Action.UPDATE;
      reason = "rotation date not found in secret; setting it to " + nextText;
    }
    OffsetDateTime latest = now.plusDays(policy.intervalDays());
    if (next.isAfter(latest)) {
      // The interval was shortened: rotate no later than now + interval.
      next = latest;
      nextText = RFC3339.format(next);
      action = CredentialDecision.Action.UPDATE;
      reason = "rotation interval shortened; next rotation " + nextText;
    }
    String expectedUser = inPlace ? name : name + ROTATION_SUFFIX.format(now);
    String username = stored.username().isEmpty() ? name : stored.username();
    boolean modeChanged = username.length() > expectedUser.length();
    String password = stored.password();
    RotationRetention retention = retention(name, now);
    boolean restart = false;
    if (now.isAfter(next) || modeChanged) {
      nextText = RFC3339.format(now.plusDays(policy.intervalDays()));
      password = passwords.next();
      username = expectedUser;
      action = CredentialDecision.Action.UPDATE;
      reason = "password rotation - next rotation date: " + nextText;
      restart = inPlace && role.origin().isSystemLike();
    }
    return decision(
        role,
        new Credentials(username, password, nextText),
        action,
        reason,
        retention,
        restart,
        stored);
  }

  /** Rotation applies to this user (see the class comment). */
  public boolean rotationEnabled(DesiredRole role) {
    String name = role.name();
    if (policy.standbyCluster()
        || policy.usersIgnoringRotation().contains(name)
        || (role.origin() == RoleOrigin.SYSTEM && name.equals(policy.superuser()))) {
      return false;
    }
    boolean perUser =
        policy.usersWithRotation().contains(name)
            || policy.usersWithInPlaceRotation().contains(name);
    boolean allowedGlobally =
        !role.dbOwner()
            && (role.origin() == RoleOrigin.MANIFEST || role.origin() == RoleOrigin.BOOTSTRAP);
    return perUser || (policy.enabledGlobally() && allowedGlobally);
  }

  private boolean inPlace(DesiredRole role) {
    return policy.usersWithInPlaceRotation().contains(role.name()) || role.origin().isSystemLike();
  }

  private RotationRetention retention(String name, OffsetDateTime now) {
    LocalDate cutoff = now.toLocalDate().minusDays(policy.effectiveRetentionDays());
    return new RotationRetention(name, cutoff);
  }

  private static OffsetDateTime parse(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static CredentialDecision decision(
      DesiredRole role,
      Credentials secret,
      CredentialDecision.Action action,
      String reason,
      RotationRetention retention,
      boolean restart,
      StoredCredentials stored) {
    return new CredentialDecision(
        role.name(),
        secret,
        action,
        reason,
        rolesFor(role, secret.username(), PasswordSpec.plain(secret.password())),
        degraded(role, stored),
        retention,
        restart);
  }

  /** The role itself, plus the rotation user when the Secret names one. */
  private static List<DesiredRole> rolesFor(
      DesiredRole role, String username, PasswordSpec password) {
    List<DesiredRole> roles = new ArrayList<>();
    if (username.equals(role.name())) {
      roles.add(role.toBuilder().password(password).build());
      return roles;
    }
    // The role keeps its old password; the dated user carries the new one.
    roles.add(role.toBuilder().password(PasswordSpec.unmanaged()).build());
    roles.add(
        role.toBuilder()
            .name(username)
            .password(password)
            .clearMemberOf()
            .memberOf(role.name())
            .clearParameters()
            .dbOwner(false)
            .rotationOf(role.name())
            .build());
    return roles;
  }

  private static List<DesiredRole> degraded(DesiredRole role, StoredCredentials stored) {
    String username =
        stored == null || stored.username().isEmpty() ? role.name() : stored.username();
    return rolesFor(role, username, PasswordSpec.unmanaged());
  }
}
