package io.tusk.sql.exec;

import java.util.regex.Pattern;

/**
 * Removes password material from text that leaves the process (error messages): SCRAM verifiers and
 * md5 hashes. Statements are already redacted when built; this protects against a server or driver
 * message quoting one.
 */
final class Redaction {

  private static final Pattern SCRAM = Pattern.compile("SCRAM-SHA-256\\$[^'\\s]*");
  private static final Pattern MD5 = Pattern.compile("md5[0-9a-f]{32}");

  private Redaction() {}

  static String scrub(String message) {
    if (message == null) {
      return "unknown error";
    }
    return MD5.matcher(SCRAM.matcher(message).replaceAll("********")).replaceAll("********");
  }
}
