package io.tusk.local.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Map;

/**
 * Executes probes like the kubelet's prober: {@code httpGet} and {@code tcpSocket} from the host to
 * the pod's address (the kubelet, too, probes from the node's network namespace), {@code exec}
 * inside the pod as the pod user. HTTP success is a status from 200 to 399; redirects are not
 * followed.
 */
final class Probes {

  private Probes() {}

  static boolean run(Probe p, Container c, String podIp, String netns, Map<String, String> env) {
    int timeout = p.getTimeoutSeconds() == null ? 1 : Math.max(1, p.getTimeoutSeconds());
    if (p.getExec() != null) {
      return PodProcesses.probe(netns, p.getExec().getCommand(), env, timeout);
    }
    if (p.getHttpGet() != null) {
      var h = p.getHttpGet();
      String host = h.getHost() == null || h.getHost().isBlank() ? podIp : h.getHost();
      String scheme = h.getScheme() == null ? "http" : h.getScheme().toLowerCase();
      String path = h.getPath() == null ? "/" : h.getPath();
      return http(scheme + "://" + host + ":" + port(h.getPort(), c) + path, timeout);
    }
    if (p.getTcpSocket() != null) {
      String host =
          p.getTcpSocket().getHost() == null || p.getTcpSocket().getHost().isBlank()
              ? podIp
              : p.getTcpSocket().getHost();
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host, port(p.getTcpSocket().getPort(), c)), timeout * 1000);
        return true;
      } catch (IOException e) {
        return false;
      }
    }
    return true; // grpc and unknown handlers: not supported, treated as passing
  }

  private static boolean http(String url, int timeoutSeconds) {
    try {
      HttpURLConnection conn = (HttpURLConnection) URI.create(url).toURL().openConnection();
      conn.setInstanceFollowRedirects(false);
      conn.setConnectTimeout(timeoutSeconds * 1000);
      conn.setReadTimeout(timeoutSeconds * 1000);
      if (conn instanceof javax.net.ssl.HttpsURLConnection https) {
        // The kubelet does not verify probe certificates either.
        https.setHostnameVerifier((h, s) -> true);
        https.setSSLSocketFactory(TrustAll.FACTORY);
      }
      int code = conn.getResponseCode();
      conn.disconnect();
      return code >= 200 && code < 400;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  static int port(IntOrString port, Container c) {
    if (port == null) {
      return 0;
    }
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    String s = port.getStrVal();
    if (s.matches("\\d+")) {
      return Integer.parseInt(s);
    }
    if (c.getPorts() != null) {
      for (ContainerPort cp : c.getPorts()) {
        if (s.equals(cp.getName())) {
          return cp.getContainerPort();
        }
      }
    }
    return 0;
  }

  /** An SSL socket factory that accepts any certificate (probes only). */
  private static final class TrustAll {
    static final javax.net.ssl.SSLSocketFactory FACTORY = create();

    private static javax.net.ssl.SSLSocketFactory create() {
      try {
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(
            null,
            new javax.net.ssl.TrustManager[] {
              new javax.net.ssl.X509TrustManager() {
                @Override
                public void checkClientTrusted(java.security.cert.X509Certificate[] a, String b) {}

                @Override
                public void checkServerTrusted(java.security.cert.X509Certificate[] a, String b) {}

                @Override
                public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                  return new java.security.cert.X509Certificate[0];
                }
              }
            },
            null);
        return ctx.getSocketFactory();
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
