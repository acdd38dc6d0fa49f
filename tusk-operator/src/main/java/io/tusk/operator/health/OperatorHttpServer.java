package io.tusk.operator.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The operator's HTTP endpoints on {@code api_port}: liveness ({@code /healthz}), readiness ({@code
 * /readyz} and Zalando's {@code /readyz/}), and the read-only parts of Zalando's REST API that need
 * no cluster internals ({@code /status/} with the count of finished reconciles, {@code /config/},
 * {@code /clusters/}), and the Prometheus metrics ({@code /metrics}, see docs/metrics.md). Secrets
 * are never part of any answer: {@code /config/} shows the masked configuration.
 */
public final class OperatorHttpServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;

  public OperatorHttpServer(
      String bindAddress,
      int port,
      BooleanSupplier ready,
      Supplier<Map<String, Object>> config,
      Supplier<Map<String, Object>> clusters,
      Supplier<Map<String, Long>> reconciles,
      Supplier<String> metrics)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
    server.setExecutor(
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "tusk-http");
              t.setDaemon(true);
              return t;
            }));
    server.createContext("/healthz", ex -> send(ex, 200, Map.of("status", "ok")));
    server.createContext(
        "/readyz",
        ex -> {
          boolean ok = ready.getAsBoolean();
          send(ex, ok ? 200 : 503, Map.of("ready", ok));
        });
    server.createContext(
        "/status",
        ex -> send(ex, 200, Map.of("ready", ready.getAsBoolean(), "reconciles", reconciles.get())));
    server.createContext("/config", ex -> send(ex, 200, config.get()));
    server.createContext("/clusters", ex -> send(ex, 200, clusters.get()));
    server.createContext(
        "/metrics",
        ex -> {
          byte[] bytes = metrics.get().getBytes(java.nio.charset.StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          ex.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
          }
        });
  }

  public void start() {
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void send(HttpExchange ex, int code, Object body) throws IOException {
    byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
