package io.tusk.spec.pod;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsing and comparison of Kubernetes resource quantities with the rules of apimachinery's {@code
 * resource.ParseQuantity}, which Zalando uses for CPU, memory and volume sizes. fabric8's {@link
 * Quantity} accepts more than the API server does, so Tusk validates first.
 */
public final class Quantities {

  private static final Pattern SPLIT =
      Pattern.compile("^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$");
  private static final Pattern NUMBER = Pattern.compile("^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)$");
  private static final Pattern DECIMAL_EXPONENT = Pattern.compile("^[eE][-+]?[0-9]+$");
  private static final Set<String> SUFFIXES =
      Set.of("", "n", "u", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei");

  private Quantities() {}

  /** Whether the API server would accept {@code text} as a quantity. */
  public static boolean isValid(String text) {
    if (text == null) {
      return false;
    }
    Matcher m = SPLIT.matcher(text);
    if (!m.matches() || !NUMBER.matcher(m.group(1)).matches()) {
      return false;
    }
    String suffix = m.group(2);
    return SUFFIXES.contains(suffix) || DECIMAL_EXPONENT.matcher(suffix).matches();
  }

  /** Parses a quantity, throwing {@link IllegalArgumentException} when it is invalid. */
  public static Quantity parse(String text) {
    if (!isValid(text)) {
      throw new IllegalArgumentException(
          "quantities must match the regular expression '"
              + "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': "
              + text);
    }
    return new Quantity(text);
  }

  /** The numeric value (bytes, cores, ...) of a quantity; missing quantities count as zero. */
  public static BigDecimal amount(Quantity q) {
    if (q == null || q.getAmount() == null) {
      return BigDecimal.ZERO;
    }
    return q.getNumericalAmount();
  }

  /** Compares two quantities numerically ({@code resource.Quantity.Cmp}). */
  public static int compare(Quantity a, Quantity b) {
    return amount(a).compareTo(amount(b));
  }

  /** Whether two quantities denote the same amount ({@code 1Gi} equals {@code 1024Mi}). */
  public static boolean sameAmount(Quantity a, Quantity b) {
    return compare(a, b) == 0;
  }
}
