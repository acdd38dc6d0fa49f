package io.tusk.local.kubelet;

import java.util.ArrayList;
import java.util.List;

/**
 * The protocols a SPDY upgrade request offers in its {@code X-Stream-Protocol-Version} headers (one
 * header per protocol, or comma-separated), in the client's order of preference. Pure.
 */
final class StreamProtocols {

  private StreamProtocols() {}

  static List<String> offered(List<String> headers) {
    List<String> out = new ArrayList<>();
    for (String h : headers) {
      for (String p : h.split(",")) {
        if (!p.isBlank()) {
          out.add(p.trim());
        }
      }
    }
    return out;
  }
}
