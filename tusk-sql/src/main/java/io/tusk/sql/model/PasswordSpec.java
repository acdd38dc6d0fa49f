package io.tusk.sql.model;

import java.util.Objects;

/**
 * The password a wanted role should have. Plain passwords are hashed client-side and never sent to
 * the server; {@link #toString()} never shows them.
 */
public sealed interface PasswordSpec {

  /**
   * Leave the password as it is (creation uses {@code PASSWORD NULL}); human users, group roles.
   */
  static PasswordSpec unmanaged() {
    return Unmanaged.INSTANCE;
  }

  static PasswordSpec plain(String password) {
    return new Plain(password);
  }

  static PasswordSpec hashed(String verifier) {
    return new Hashed(verifier);
  }

  /** See {@link #unmanaged()}. */
  enum Unmanaged implements PasswordSpec {
    INSTANCE
  }

  /** A clear-text password (from a Secret); the role gets its SCRAM verifier or md5 hash. */
  record Plain(String password) implements PasswordSpec {
    public Plain {
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "Plain[********]";
    }
  }

  /** An already hashed password ({@code md5...} or {@code SCRAM-SHA-256$...}), set verbatim. */
  record Hashed(String verifier) implements PasswordSpec {
    public Hashed {
      Objects.requireNonNull(verifier, "verifier");
    }

    @Override
    public String toString() {
      return "Hashed[********]";
    }
  }
}
