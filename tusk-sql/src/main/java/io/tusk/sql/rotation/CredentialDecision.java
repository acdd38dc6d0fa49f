package io.tusk.sql.rotation;

import io.tusk.sql.model.DesiredRole;
import io.tusk.sql.model.RotationRetention;
import java.util.List;

/**
 * What to do with one user's Secret and which roles it means inside PostgreSQL.
 *
 * @param secret what the Secret must hold
 * @param action whether the Secret must be created, updated or left alone
 * @param reason why (never contains a password)
 * @param roles the wanted roles for this user: the role with its password, and, when a dated
 *     rotation user is in use, that user too
 * @param degradedRoles the roles to use instead when writing the Secret failed: passwords left as
 *     they are, the rotation user that is in the Secret now kept
 * @param retention old rotation users to drop, or null
 * @param restartRequired the password of a system or pooler user changed in place: the pods using
 *     it must be replaced (Zalando flags them for a rolling update)
 */
public record CredentialDecision(
    String roleName,
    Credentials secret,
    Action action,
    String reason,
    List<DesiredRole> roles,
    List<DesiredRole> degradedRoles,
    RotationRetention retention,
    boolean restartRequired) {

  /** What happens to the Secret. */
  public enum Action {
    CREATE,
    UPDATE,
    NONE
  }

  public CredentialDecision {
    roles = List.copyOf(roles);
    degradedRoles = List.copyOf(degradedRoles);
  }
}
