package io.tusk.api.acid.v1;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;

/**
 * A parsed maintenance window such as {@code "Sat:00:00-04:00"} (weekly) or {@code "01:00-06:00"}
 * (daily), in UTC. Mirrors {@code postgresql_type.go#MaintenanceWindow} and its {@code
 * UnmarshalJSON} (v2.0.1). The manifest keeps the raw string (see {@link
 * PostgresSpec#getMaintenanceWindows()}); this is a read-only view of it.
 *
 * @param weekday the day the window opens, or {@code null} for a daily window
 * @param start start time (UTC), inclusive
 * @param end end time (UTC), inclusive; before {@code start} means the window runs past midnight
 */
public record MaintenanceWindow(DayOfWeek weekday, LocalTime start, LocalTime end) {

  public MaintenanceWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
  }

  /** Whether the window recurs every day. */
  public boolean everyday() {
    return weekday == null;
  }

  /**
   * Parses the manifest form. Leading/trailing blanks are ignored, as the CRD pattern allows them.
   *
   * @throws IllegalArgumentException if {@code text} is not a valid window
   */
  public static MaintenanceWindow parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("maintenance window must not be null");
    }
    String trimmed = text.trim();
    int dash = trimmed.indexOf('-');
    if (dash < 0 || trimmed.indexOf('-', dash + 1) >= 0) {
      throw new IllegalArgumentException(
          "maintenance window '" + text + "' must have the form [Ddd:]HH:MM-HH:MM");
    }
    String from = trimmed.substring(0, dash);
    String to = trimmed.substring(dash + 1);
    DayOfWeek weekday = null;
    String[] fromParts = from.split(":");
    if (fromParts.length == 3) {
      weekday = parseWeekday(fromParts[0], text);
      from = fromParts[1] + ":" + fromParts[2];
    } else if (fromParts.length != 2) {
      throw new IllegalArgumentException("maintenance window '" + text + "' has an invalid start");
    }
    return new MaintenanceWindow(weekday, parseTime(from, text), parseTime(to, text));
  }

  /** Whether {@code instant} (converted to UTC) falls inside this window. */
  public boolean covers(OffsetDateTime instant) {
    OffsetDateTime utc = instant.withOffsetSameInstant(ZoneOffset.UTC);
    LocalTime time = utc.toLocalTime();
    DayOfWeek day = utc.getDayOfWeek();
    if (!end.isBefore(start)) {
      return (everyday() || day == weekday) && !time.isBefore(start) && !time.isAfter(end);
    }
    // Window wraps past midnight: the late part belongs to the opening day, the early part to the
    // following day.
    boolean latePart = (everyday() || day == weekday) && !time.isBefore(start);
    boolean earlyPart = (everyday() || day == weekday.plus(1)) && !time.isAfter(end);
    return latePart || earlyPart;
  }

  /** Formats the window back into the manifest form, e.g. {@code Sat:00:00-04:00}. */
  @Override
  public String toString() {
    String prefix = everyday() ? "" : weekdayName(weekday) + ":";
    return prefix + hhmm(start) + "-" + hhmm(end);
  }

  private static String hhmm(LocalTime t) {
    return String.format(Locale.ROOT, "%02d:%02d", t.getHour(), t.getMinute());
  }

  private static String weekdayName(DayOfWeek d) {
    String n = d.name();
    return n.charAt(0) + n.substring(1, 3).toLowerCase(Locale.ROOT);
  }

  private static DayOfWeek parseWeekday(String s, String text) {
    for (DayOfWeek d : DayOfWeek.values()) {
      if (weekdayName(d).equals(s)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "maintenance window '" + text + "' has an invalid weekday '" + s + "' (use Mon..Sun)");
  }

  private static LocalTime parseTime(String s, String text) {
    String[] parts = s.split(":");
    if (parts.length != 2) {
      throw new IllegalArgumentException("maintenance window '" + text + "' has an invalid time");
    }
    try {
      return LocalTime.of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    } catch (NumberFormatException | DateTimeException e) {
      throw new IllegalArgumentException(
          "maintenance window '" + text + "' has an invalid time '" + s + "'", e);
    }
  }
}
