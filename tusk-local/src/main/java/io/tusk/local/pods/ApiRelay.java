package io.tusk.local.pods;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the API server, which listens on loopback only, reachable from pod namespaces: accepts TCP
 * connections on the bridge address and copies bytes both ways to the API server on 127.0.0.1 (TLS
 * passes through untouched; the serving certificate names the bridge address). The API server
 * advertises the bridge address, so the {@code kubernetes} Service's endpoint is this relay.
 */
public final class ApiRelay implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiRelay.class);

  private final ServerSocket server;
  private final int port;

  public ApiRelay(String bindAddress, int port) throws IOException {
    this.port = port;
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 128);
    Thread t = new Thread(this::acceptLoop, "api-relay");
    t.setDaemon(true);
    t.start();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket in = server.accept();
        Socket out = new Socket();
        try {
          out.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        } catch (IOException e) {
          in.close();
          continue;
        }
        pump(in, out);
        pump(out, in);
      } catch (IOException e) {
        if (!server.isClosed()) {
          LOG.debug("relay accept: {}", e.toString());
        }
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              try (InputStream i = from.getInputStream();
                  OutputStream o = to.getOutputStream()) {
                i.transferTo(o);
              } catch (IOException e) {
                // connection closed
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "api-relay-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
