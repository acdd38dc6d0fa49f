package io.tusk.sql.password;

import io.tusk.sql.model.PasswordSpec;

/**
 * Decides whether a role's stored password already is the wanted one, and what to send when it is
 * not. Plain passwords never leave the process: the server receives a SCRAM verifier or an md5
 * hash.
 */
public final class PasswordHashes {

  private PasswordHashes() {}

  /**
   * True if {@code stored} (from {@code pg_authid.rolpassword}, may be null) satisfies the wanted
   * password under the wanted method. An md5 hash does not satisfy a SCRAM wish (and vice versa):
   * the password is then set again in the wanted form.
   */
  public static boolean satisfied(
      String roleName, PasswordSpec wanted, String stored, PasswordEncryption encryption) {
    if (wanted instanceof PasswordSpec.Unmanaged) {
      return true;
    }
    if (wanted instanceof PasswordSpec.Hashed h) {
      return h.verifier().equals(stored);
    }
    String plain = ((PasswordSpec.Plain) wanted).password();
    return switch (encryption) {
      case SCRAM_SHA_256 -> ScramVerifier.matches(plain, stored);
      case MD5 -> Md5Password.matches(roleName, plain, stored);
    };
  }

  /** What to put in {@code PASSWORD '...'}; null for an unmanaged password. */
  public static String toSend(String roleName, PasswordSpec wanted, PasswordEncryption encryption) {
    if (wanted instanceof PasswordSpec.Unmanaged) {
      return null;
    }
    if (wanted instanceof PasswordSpec.Hashed h) {
      return h.verifier();
    }
    String plain = ((PasswordSpec.Plain) wanted).password();
    return switch (encryption) {
      case SCRAM_SHA_256 -> ScramVerifier.create(plain);
      case MD5 -> Md5Password.create(roleName, plain);
    };
  }

  /** True for text PostgreSQL would take as an already hashed password. */
  public static boolean isHashed(String value) {
    return Md5Password.isHash(value) || ScramVerifier.isVerifier(value);
  }
}
