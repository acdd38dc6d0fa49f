package io.tusk.ui;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/**
 * How the UI is served and what it may do.
 *
 * @param bindAddress where it listens; anything but a loopback address needs a token
 * @param port its port (0 picks a free one)
 * @param token the token a browser must present (a cookie set by {@code /login}, or {@code
 *     Authorization: Bearer}); null serves without one, allowed on loopback only
 * @param readOnly shows everything and changes nothing (Zalando's {@code READ_ONLY_MODE})
 * @param operatorApi the operator's REST API (Zalando's {@code OPERATOR_API_URL}), for its status,
 *     workers and the log lines of each cluster
 * @param namespace the namespace shown (Zalando's {@code TARGET_NAMESPACE}); null for all
 * @param versions the PostgreSQL majors the new-cluster form offers, the default first
 * @param environment where the operator's configuration is found ({@code CONFIG_MAP_NAME}, {@code
 *     POSTGRES_OPERATOR_CONFIGURATION_OBJECT}, {@code OPERATOR_NAMESPACE}), to apply its naming,
 *     labels and delete protection as the operator does
 */
public record UiSettings(
    String bindAddress,
    int port,
    String token,
    boolean readOnly,
    URI operatorApi,
    String namespace,
    List<String> versions,
    Map<String, String> environment) {

  public static final List<String> VERSIONS = List.of("17", "18", "16", "15", "14", "13");

  public UiSettings {
    versions = List.copyOf(versions);
    environment = Map.copyOf(environment);
    if (token != null && token.isBlank()) {
      token = null;
    }
    if (token == null && !loopback(bindAddress)) {
      throw new IllegalArgumentException(
          "the UI listens on "
              + bindAddress
              + ", which is not a loopback address: give it a token (--token-file or TUSK_UI_TOKEN)"
              + " so that not everyone who reaches it can change clusters");
    }
  }

  private static boolean loopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot resolve the bind address " + address, e);
    }
  }
}
