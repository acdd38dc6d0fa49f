package io.tusk.sql.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;
import org.postgresql.util.PasswordUtil;

/**
 * PostgreSQL's md5 password hash: {@code "md5" + hex(md5(password + rolename))}. Mirrors {@code
 * util.go#PGUserPasswordMD5} (v2.0.1). Used only when {@code password_encryption: md5}.
 */
public final class Md5Password {

  private static final Pattern FORMAT = Pattern.compile("^md5[0-9a-f]{32}$");

  private Md5Password() {}

  public static String create(String roleName, String password) {
    return PasswordUtil.encodeMd5(roleName, password.toCharArray());
  }

  public static boolean isHash(String stored) {
    return stored != null && FORMAT.matcher(stored).matches();
  }

  /** True if {@code stored} is the md5 hash of this role's password. */
  public static boolean matches(String roleName, String password, String stored) {
    if (!isHash(stored)) {
      return false;
    }
    return MessageDigest.isEqual(
        create(roleName, password).getBytes(StandardCharsets.US_ASCII),
        stored.getBytes(StandardCharsets.US_ASCII));
  }
}
