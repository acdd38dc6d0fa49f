package io.tusk.api.acid.v1;

/**
 * Regular expressions used to validate {@code acid.zalan.do/v1} fields, identical to the
 * kubebuilder markers in Zalando's {@code pkg/apis/acid.zalan.do/v1/postgresql_type.go} and {@code
 * operator_configuration_type.go} (v2.0.1), so that Tusk's CRDs accept exactly what Zalando's CRDs
 * accept. They are constants because Java annotations need compile-time values.
 */
public final class ValidationPatterns {

  /**
   * CPU quantity: decimal natural followed by {@code m}, or a decimal with up to three fraction
   * digits.
   */
  public static final String CPU = "^(\\d+m|\\d+(\\.\\d{1,3})?)$";

  /** Memory / storage quantity with an optional (binary) SI suffix. */
  public static final String QUANTITY = "^(\\d+(e\\d+)?|\\d+(\\.\\d+)?(e\\d+)?[EPTGMK]i?)$";

  /** Five-field cron schedule (numbers, {@code *} and {@code /step} only). */
  public static final String CRON = "^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$";

  /** Maintenance window: {@code HH:MM-HH:MM} (daily) or {@code Ddd:HH:MM-HH:MM}, UTC. */
  public static final String MAINTENANCE_WINDOW =
      "^\\ *((Mon|Tue|Wed|Thu|Fri|Sat|Sun):(2[0-3]|[01]?\\d):([0-5]?\\d)|(2[0-3]|[01]"
          + "?\\d):([0-5]?\\d))-((2[0-3]|[01]?\\d):([0-5]?\\d)|(2[0-3]|[01]?\\d):([0-5]?\\d"
          + "))\\ *$";

  /**
   * RFC 3339 date-time that carries an explicit UTC offset (a clone target time needs a timezone).
   */
  public static final String RFC3339_WITH_OFFSET =
      "^([0-9]+)-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):([0-5"
          + "][0-9]):([0-5][0-9]|60)(\\.[0-9]+)?(([+-]([01][0-9]|2[0-3]):[0-5][0-9]))$";

  /** IPv4 or IPv6 CIDR range. */
  public static final String CIDR =
      "^((\\d|[1-9]\\d|1\\d\\d|2[0-4]\\d|25[0-5])\\.(\\d|[1-9]\\d|1\\d\\d|2[0-4]\\d|2"
          + "5[0-5])\\.(\\d|[1-9]\\d|1\\d\\d|2[0-4]\\d|25[0-5])\\.(\\d|[1-9]\\d|1\\d\\d|2[0"
          + "-4]\\d|25[0-5])\\/(\\d|[1-2]\\d|3[0-2])|(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4"
          + "}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-f"
          + "A-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]"
          + "{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}"
          + ":){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:((:[0-9a-fA-F]{1,4}){1,6})|:("
          + "(:[0-9a-fA-F]{1,4}){1,7}|:))\\/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))$";

  private ValidationPatterns() {}
}
