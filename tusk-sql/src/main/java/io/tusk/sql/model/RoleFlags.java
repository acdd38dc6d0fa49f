package io.tusk.sql.model;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The attributes a role must have, parsed from manifest-style flags ({@code ["createdb",
 * "NOLOGIN"]}). Only the attributes named explicitly are enforced; the others are left as the
 * server has them, as Zalando does. {@code LOGIN} is implied unless {@code NOLOGIN} is given.
 *
 * <p>Mirrors {@code cluster/util.go#normalizeUserFlags} (v2.0.1), with two fixes: a {@code NO*}
 * flag is really applied (Zalando drops {@code NOLOGIN} and re-sends other {@code NO*} flags on
 * every sync), and comparison is against the real attribute, so nothing is re-sent when it already
 * matches.
 */
public record RoleFlags(Map<RoleAttribute, Boolean> values) {

  private static final Pattern ALPHANUMERIC = Pattern.compile("^[a-zA-Z][a-zA-Z0-9]*$");

  public RoleFlags {
    EnumMap<RoleAttribute, Boolean> copy = new EnumMap<>(RoleAttribute.class);
    copy.putAll(values);
    values = Collections.unmodifiableMap(copy);
  }

  /**
   * Parses flags case-insensitively.
   *
   * @throws IllegalArgumentException naming the bad flag: not alphanumeric, unknown, or conflicting
   *     with its {@code NO} form
   */
  public static RoleFlags parse(Collection<String> flags) {
    EnumMap<RoleAttribute, Boolean> values = new EnumMap<>(RoleAttribute.class);
    for (String raw : flags) {
      if (raw == null || !ALPHANUMERIC.matcher(raw).matches()) {
        throw new IllegalArgumentException("user flag \"" + raw + "\" is not alphanumeric");
      }
      String flag = raw.toUpperCase(Locale.ROOT);
      boolean on = true;
      RoleAttribute attribute = lookup(flag);
      if (attribute == null && flag.startsWith("NO")) {
        attribute = lookup(flag.substring(2));
        on = false;
      }
      if (attribute == null) {
        throw new IllegalArgumentException(
            "user flag \"" + raw + "\" is not valid (allowed: " + allowed() + ")");
      }
      Boolean previous = values.put(attribute, on);
      if (previous != null && previous != on) {
        throw new IllegalArgumentException(
            "conflicting user flags: \""
                + attribute.keyword(true)
                + "\" and \""
                + attribute.keyword(false)
                + "\"");
      }
    }
    values.putIfAbsent(RoleAttribute.LOGIN, true);
    return new RoleFlags(values);
  }

  /** The explicit value of an attribute, or {@code null} when the flags leave it alone. */
  public Boolean get(RoleAttribute attribute) {
    return values.get(attribute);
  }

  public boolean login() {
    return Boolean.TRUE.equals(values.get(RoleAttribute.LOGIN));
  }

  private static RoleAttribute lookup(String name) {
    for (RoleAttribute a : RoleAttribute.values()) {
      if (a.name().equals(name)) {
        return a;
      }
    }
    return null;
  }

  private static String allowed() {
    return Arrays.stream(RoleAttribute.values())
        .map(a -> a.name() + ", NO" + a.name())
        .collect(Collectors.joining(", "));
  }
}
