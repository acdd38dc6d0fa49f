package io.tusk.spec.secret;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Validation and normalisation of role flags from the manifest's {@code users} map. Mirrors {@code
 * util.go#isValidFlag/invertFlag/normalizeUserFlags} (v2.0.1): flags are alphanumeric,
 * case-insensitive, one of {@code SUPERUSER INHERIT LOGIN NOLOGIN CREATEROLE CREATEDB REPLICATION
 * BYPASSRLS} or their {@code NO} forms, never together with their inverse; {@code LOGIN} is implied
 * unless {@code NOLOGIN} is given.
 */
public final class UserFlags {

  /** Zalando's {@code userRegexp}: lower-case names, optionally {@code namespace.name}. */
  public static final Pattern USER_NAME =
      Pattern.compile("^[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*$");

  private static final Pattern ALPHANUMERIC = Pattern.compile("^[a-zA-Z][a-zA-Z0-9]*$");
  private static final Set<String> FLAGS =
      Set.of("SUPERUSER", "LOGIN", "CREATEDB", "INHERIT", "REPLICATION", "BYPASSRLS", "CREATEROLE");

  private UserFlags() {}

  /** Whether {@code name} is a valid manifest user name. */
  public static boolean isValidUserName(String name) {
    return name != null && USER_NAME.matcher(name).matches();
  }

  /**
   * The normalised flags (upper-case, sorted, {@code LOGIN} added unless {@code NOLOGIN}, which is
   * itself left out), or an {@link IllegalArgumentException} with Zalando's message.
   */
  public static List<String> normalize(List<String> flags) {
    Set<String> unique = new TreeSet<>();
    if (flags != null) {
      for (String raw : flags) {
        String flag = raw == null ? "" : raw;
        if (!ALPHANUMERIC.matcher(flag).matches()) {
          throw new IllegalArgumentException("user flag \"" + flag + "\" is not alphanumeric");
        }
        flag = flag.toUpperCase(Locale.ROOT);
        if (unique.contains(flag)) {
          continue;
        }
        if (!isValidFlag(flag)) {
          throw new IllegalArgumentException("user flag \"" + flag + "\" is not valid");
        }
        String inverse = invert(flag);
        if (unique.contains(inverse)) {
          throw new IllegalArgumentException(
              "conflicting user flags: \"" + flag + "\" and \"" + inverse + "\"");
        }
        unique.add(flag);
      }
    }
    List<String> result = new ArrayList<>();
    boolean addLogin = true;
    for (String flag : unique) {
      if (flag.equals("LOGIN") || flag.equals("NOLOGIN")) {
        addLogin = false;
        if (flag.equals("NOLOGIN")) {
          continue;
        }
      }
      result.add(flag);
    }
    if (addLogin) {
      result.add("LOGIN");
    }
    result.sort(null);
    return result;
  }

  /** Whether the (original) flag list makes the role unable to log in. */
  public static boolean isNoLogin(List<String> flags) {
    if (flags == null) {
      return false;
    }
    for (String f : flags) {
      if (f != null && f.equalsIgnoreCase("NOLOGIN")) {
        return true;
      }
    }
    return false;
  }

  static boolean isValidFlag(String flag) {
    return FLAGS.contains(flag) || (flag.startsWith("NO") && FLAGS.contains(flag.substring(2)));
  }

  private static String invert(String flag) {
    return flag.startsWith("NO") ? flag.substring(2) : "NO" + flag;
  }
}
