package io.tusk.sql.password;

import java.util.Locale;

/**
 * How role passwords are hashed: {@code password_encryption} from the manifest's {@code
 * postgresql.parameters}, SCRAM-SHA-256 unless it says {@code md5}. Mirrors {@code
 * util.go#NewEncryptor} (v2.0.1), which also falls back to SCRAM for unknown values.
 */
public enum PasswordEncryption {
  SCRAM_SHA_256,
  MD5;

  /** The manifest parameter's value (may be null) to the method. */
  public static PasswordEncryption fromParameter(String value) {
    if (value != null && value.trim().toLowerCase(Locale.ROOT).equals("md5")) {
      return MD5;
    }
    return SCRAM_SHA_256;
  }
}
