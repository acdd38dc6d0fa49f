package io.tusk.local.kubelet;

import java.util.List;

/**
 * The WebSocket subprotocols of exec that kubelets serve: the binary channel protocol in version 4
 * (JSON status on the error channel) and before. The client's first supported choice wins, as in
 * the kubelet's {@code wsstream}. Pure.
 */
final class WebSocketProtocols {

  static final String V4 = "v4.channel.k8s.io";
  static final String V1 = "channel.k8s.io";
  static final List<String> SUPPORTED = List.of(V4, V1);

  private WebSocketProtocols() {}

  /** The protocol chosen from the request's {@code Sec-WebSocket-Protocol} header, or "". */
  static String select(String header) {
    if (header == null) {
      return "";
    }
    for (String p : header.split(",")) {
      if (SUPPORTED.contains(p.trim())) {
        return p.trim();
      }
    }
    return "";
  }

  static boolean isV4(String protocol) {
    return V4.equals(protocol);
  }
}
