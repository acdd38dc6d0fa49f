package io.tusk.sql.password;

import java.security.SecureRandom;

/**
 * Random passwords for generated Secrets: 64 characters of {@code [a-zA-Z0-9]}, as Zalando's
 * {@code util.go#RandomPassword} with {@code constants.PasswordLength} (v2.0.1).
 */
@FunctionalInterface
public interface PasswordGenerator {

  int LENGTH = 64;

  String next();

  /** The default generator, backed by {@link SecureRandom}. */
  static PasswordGenerator secureRandom() {
    SecureRandom random = new SecureRandom();
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    return () -> {
      StringBuilder sb = new StringBuilder(LENGTH);
      for (int i = 0; i < LENGTH; i++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      return sb.toString();
    };
  }
}
