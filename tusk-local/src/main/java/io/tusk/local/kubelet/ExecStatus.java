package io.tusk.local.kubelet;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code metav1.Status} a kubelet writes on an exec's error stream when the command is over
 * (remote command protocol v4): Success, a non-zero exit code ({@code NonZeroExitCode} with the
 * code as the {@code ExitCode} cause, which clients turn into their own exit code), or an internal
 * error when the command could not be run. Pure.
 */
final class ExecStatus {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ExecStatus() {}

  static String success() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("metadata", Map.of());
    s.put("status", "Success");
    return write(s);
  }

  static String exitCode(int code) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("metadata", Map.of());
    s.put("status", "Failure");
    s.put("message", "command terminated with non-zero exit code: exit status " + code);
    s.put("reason", "NonZeroExitCode");
    s.put(
        "details",
        Map.of("causes", List.of(Map.of("reason", "ExitCode", "message", Integer.toString(code)))));
    return write(s);
  }

  static String internalError(String error) {
    String message = "error executing command in container: " + error;
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("metadata", Map.of());
    s.put("status", "Failure");
    s.put("message", "Internal error occurred: " + message);
    s.put("reason", "InternalError");
    s.put("details", Map.of("causes", List.of(Map.of("message", message))));
    s.put("code", 500);
    return write(s);
  }

  /** The v1 (pre-v4) form: no text on success, the error message otherwise. */
  static String v1(String statusJson) {
    try {
      Map<?, ?> m = JSON.readValue(statusJson, Map.class);
      return "Success".equals(m.get("status")) ? "" : String.valueOf(m.get("message"));
    } catch (java.io.IOException e) {
      return statusJson;
    }
  }

  private static String write(Map<String, Object> s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
