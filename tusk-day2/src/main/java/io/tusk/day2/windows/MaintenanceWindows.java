package io.tusk.day2.windows;

import io.tusk.api.acid.v1.MaintenanceWindow;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The maintenance windows of a cluster, in UTC, with Zalando's rules:
 *
 * <ul>
 *   <li>the manifest's {@code maintenanceWindows} apply; when it declares none, the operator
 *       configuration's {@code maintenance_windows} (entries that do not parse are skipped, as
 *       Zalando logs and skips them);
 *   <li>with {@code enable_maintenance_windows: false}, or when no window is declared anywhere,
 *       every instant counts as inside a window (nothing waits);
 *   <li>the next window opens at its start time today (a daily window, or a weekly one on its day)
 *       if that is still to come, else on its next day; the earliest of all windows counts.
 * </ul>
 */
public final class MaintenanceWindows {

  private final List<MaintenanceWindow> windows;

  private MaintenanceWindows(List<MaintenanceWindow> windows) {
    this.windows = List.copyOf(windows);
  }

  /** Windows that never hold anything back. */
  public static MaintenanceWindows none() {
    return new MaintenanceWindows(List.of());
  }

  public static MaintenanceWindows of(List<MaintenanceWindow> windows) {
    return new MaintenanceWindows(windows);
  }

  /** The windows that apply to a cluster with this manifest under this configuration. */
  public static MaintenanceWindows of(PostgresSpec spec, OperatorConfig config) {
    if (Boolean.FALSE.equals(config.get(Options.ENABLE_MAINTENANCE_WINDOWS))) {
      return none();
    }
    List<String> declared = spec == null ? null : spec.getMaintenanceWindows();
    if (declared != null && !declared.isEmpty()) {
      return new MaintenanceWindows(spec.getParsedMaintenanceWindows());
    }
    List<String> global = config.get(Options.MAINTENANCE_WINDOWS);
    List<MaintenanceWindow> parsed = new ArrayList<>();
    if (global != null) {
      for (String text : global) {
        try {
          parsed.add(MaintenanceWindow.parse(text));
        } catch (IllegalArgumentException e) {
          // Zalando logs "could not parse default maintenance window" and goes on.
        }
      }
    }
    return new MaintenanceWindows(parsed);
  }

  public List<MaintenanceWindow> windows() {
    return windows;
  }

  /** Whether nothing has to wait at {@code now}: no window declared, or one is open. */
  public boolean open(Instant now) {
    OffsetDateTime utc = now.atOffset(ZoneOffset.UTC);
    return windows.isEmpty() || windows.stream().anyMatch(w -> w.covers(utc));
  }

  /**
   * When the next window opens after {@code now} (to the minute), as Zalando schedules a
   * switchover; empty when no window is declared.
   */
  public Optional<Instant> nextStart(Instant now) {
    OffsetDateTime utc = now.atOffset(ZoneOffset.UTC);
    Optional<OffsetDateTime> earliest = Optional.empty();
    for (MaintenanceWindow w : windows) {
      OffsetDateTime today =
          utc.truncatedTo(ChronoUnit.DAYS)
              .withHour(w.start().getHour())
              .withMinute(w.start().getMinute());
      OffsetDateTime start;
      if (w.everyday()) {
        start = utc.isAfter(today) ? today.plusDays(1) : today;
      } else if (utc.getDayOfWeek() != w.weekday()) {
        start = today.with(TemporalAdjusters.next(w.weekday()));
      } else {
        start = utc.isAfter(today) ? today.plusWeeks(1) : today;
      }
      if (earliest.isEmpty() || start.isBefore(earliest.get())) {
        earliest = Optional.of(start);
      }
    }
    return earliest.map(OffsetDateTime::toInstant);
  }

  /** The windows as the manifest writes them, e.g. {@code Sat:01:00-03:00, 22:00-23:00}. */
  @Override
  public String toString() {
    return String.join(", ", windows.stream().map(MaintenanceWindow::toString).toList());
  }
}
