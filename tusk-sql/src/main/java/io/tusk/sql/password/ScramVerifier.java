package io.tusk.sql.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PasswordUtil;

/**
 * SCRAM-SHA-256 verifiers as PostgreSQL stores them in {@code pg_authid.rolpassword}: {@code
 * SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>} (RFC 5802 / RFC 7677, all Base64).
 *
 * <p>The keys are computed by PgJDBC's {@link PasswordUtil} (PBKDF2-HmacSHA256 over the SASLprep'd
 * password, then HMAC "Client Key"/"Server Key" and SHA-256), the same code the driver uses to log
 * in. {@link #matches} recomputes the keys with the stored salt and iteration count, so a password
 * that has not changed is recognised and not set again. Zalando compares a freshly salted hash with
 * the stored one ({@code util.go#PGUserPasswordScramSHA256}), which never matches, and so re-sets
 * every SCRAM password on every sync.
 */
public final class ScramVerifier {

  /** PostgreSQL's default {@code scram_iterations}. */
  public static final int DEFAULT_ITERATIONS = 4096;

  /** PostgreSQL's {@code SCRAM_DEFAULT_SALT_LEN}. */
  public static final int SALT_LENGTH = 16;

  private static final Pattern FORMAT =
      Pattern.compile(
          "^SCRAM-SHA-256\\$(\\d+):([A-Za-z0-9+/=]+)\\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)$");

  private static final SecureRandom RANDOM = new SecureRandom();

  private ScramVerifier() {}

  /** A new verifier with a random salt and the default iteration count. */
  public static String create(String password) {
    byte[] salt = new byte[SALT_LENGTH];
    RANDOM.nextBytes(salt);
    return create(password, DEFAULT_ITERATIONS, salt);
  }

  /** The verifier for this password, salt and iteration count. */
  public static String create(String password, int iterations, byte[] salt) {
    // PasswordUtil clears the array it is given; hand it a copy.
    return PasswordUtil.encodeScramSha256(password.toCharArray(), iterations, salt.clone());
  }

  /** True if the text has the shape of a SCRAM-SHA-256 verifier. */
  public static boolean isVerifier(String stored) {
    return stored != null && FORMAT.matcher(stored).matches();
  }

  /**
   * True if {@code stored} is a SCRAM-SHA-256 verifier of {@code password}. Recomputes with the
   * stored salt and iterations and compares in constant time.
   */
  public static boolean matches(String password, String stored) {
    if (stored == null) {
      return false;
    }
    Matcher m = FORMAT.matcher(stored);
    if (!m.matches()) {
      return false;
    }
    int iterations;
    byte[] salt;
    try {
      iterations = Integer.parseInt(m.group(1));
      salt = Base64.getDecoder().decode(m.group(2));
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (iterations <= 0) {
      return false;
    }
    String expected = create(password, iterations, salt);
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), stored.getBytes(StandardCharsets.US_ASCII));
  }
}
