package io.tusk.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats durations in Go's {@code time.ParseDuration} syntax ("30m", "1h30m", "1.5s",
 * "300ms"), which both Zalando configuration sources use for their duration options.
 *
 * <p>Mirrors Go's {@code time.ParseDuration} as called from Zalando's {@code
 * config/util.go#processField} and {@code metav1.Duration} JSON decoding (v2.0.1). One addition: a
 * plain number such as {@code "300"} is read as seconds, because users often write that and Go
 * would reject it with the unhelpful "missing unit".
 */
final class GoDurations {

  private static final Pattern PLAIN_SECONDS = Pattern.compile("[+-]?\\d+");
  private static final Pattern COMPONENT = Pattern.compile("(\\d*\\.?\\d*)(ns|us|µs|μs|ms|s|m|h)");
  private static final Map<String, Long> NANOS_PER_UNIT =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "µs", 1_000L,
          "μs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  private GoDurations() {}

  /**
   * Parses a Go duration string or a plain number of seconds.
   *
   * @throws IllegalArgumentException naming the offending text
   */
  static Duration parse(String raw) {
    String text = raw.trim();
    if (PLAIN_SECONDS.matcher(text).matches()) {
      return Duration.ofSeconds(Long.parseLong(text));
    }
    boolean negative = false;
    String rest = text;
    if (rest.startsWith("-") || rest.startsWith("+")) {
      negative = rest.startsWith("-");
      rest = rest.substring(1);
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("not a duration: '" + raw + "'");
    }
    Matcher m = COMPONENT.matcher(rest);
    BigDecimal nanos = BigDecimal.ZERO;
    int pos = 0;
    while (pos < rest.length()) {
      if (!m.find(pos) || m.start() != pos || m.group(1).isEmpty() || m.group(1).equals(".")) {
        throw new IllegalArgumentException(
            "not a duration: '" + raw + "' (expected e.g. 30s, 5m, 1h30m)");
      }
      BigDecimal amount = new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1));
      nanos = nanos.add(amount.multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(m.group(2)))));
      pos = m.end();
    }
    long total = nanos.setScale(0, RoundingMode.DOWN).longValueExact();
    return Duration.ofNanos(negative ? -total : total);
  }

  /**
   * Formats a duration compactly in Go syntax: {@code 30m}, {@code 1h30m}, {@code 1.5s}, {@code
   * 0s}.
   */
  static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    Duration d = duration;
    if (d.isNegative()) {
      out.append('-');
      d = d.negated();
    }
    long hours = d.toHours();
    long minutes = d.toMinutesPart();
    long seconds = d.toSecondsPart();
    long nanos = d.toNanosPart();
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (minutes > 0) {
      out.append(minutes).append('m');
    }
    if (seconds > 0 || nanos > 0) {
      if (hours == 0 && minutes == 0 && seconds == 0) {
        if (nanos % 1_000_000 == 0) {
          return out.append(nanos / 1_000_000).append("ms").toString();
        }
        if (nanos % 1_000 == 0) {
          return out.append(nanos / 1_000).append("us").toString();
        }
        return out.append(nanos).append("ns").toString();
      }
      BigDecimal secs = BigDecimal.valueOf(seconds).add(BigDecimal.valueOf(nanos, 9));
      out.append(secs.stripTrailingZeros().toPlainString()).append('s');
    }
    return out.toString();
  }
}
