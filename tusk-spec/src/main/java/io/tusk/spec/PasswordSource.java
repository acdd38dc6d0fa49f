package io.tusk.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Supplies passwords for credential Secrets that do not exist yet. The builders never create
 * randomness themselves: the caller hands in a source, so the same inputs always give the same
 * output for a given source.
 */
@FunctionalInterface
public interface PasswordSource {

  /** Length of generated passwords (Zalando {@code constants.PasswordLength}). */
  int PASSWORD_LENGTH = 64;

  /** Returns the next password. */
  String next();

  /**
   * 64 random characters from {@code [a-zA-Z0-9]} drawn from a {@link SecureRandom}, like Zalando's
   * {@code util.RandomPassword(64)}.
   */
  static PasswordSource secureRandom() {
    SecureRandom random = new SecureRandom();
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    return () -> {
      StringBuilder sb = new StringBuilder(PASSWORD_LENGTH);
      for (int i = 0; i < PASSWORD_LENGTH; i++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      return sb.toString();
    };
  }

  /**
   * A reproducible source for tests and {@code tusk render}: the n-th password is the hex SHA-256
   * of {@code seed + ":" + n} (64 characters). Never use it for real clusters.
   */
  static PasswordSource deterministic(String seed) {
    AtomicLong counter = new AtomicLong();
    return () -> {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] digest =
            sha.digest((seed + ":" + counter.getAndIncrement()).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is always available", e);
      }
    };
  }
}
