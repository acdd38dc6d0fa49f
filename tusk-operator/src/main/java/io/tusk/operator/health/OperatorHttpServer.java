package io.tusk.operator.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tusk.operator.api.ZalandoApi;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The operator's HTTP endpoints on {@code api_port}: liveness ({@code /healthz}), readiness ({@code
 * /readyz} and Zalando's {@code /readyz/}), Zalando's REST API ({@code /status/}, {@code /config/},
 * {@code /clusters/...}, {@code /workers/...}, {@code /databases/}, answered by {@link ZalandoApi};
 * {@code /status/} also carries Tusk's readiness and counts of finished reconciles), and the
 * Prometheus metrics ({@code /metrics}, see docs/metrics.md). Secrets are never part of any answer:
 * {@code /config/} shows the masked configuration.
 */
public final class OperatorHttpServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;

  public OperatorHttpServer(
      String bindAddress,
      int port,
      BooleanSupplier ready,
      Supplier<Map<String, Object>> config,
      ZalandoApi api,
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
        ex -> {
          Map<String, Object> status = new LinkedHashMap<>(api.status());
          status.put("ready", ready.getAsBoolean());
          status.put("reconciles", reconciles.get());
          send(ex, 200, status);
        });
    server.createContext("/config", ex -> send(ex, 200, config.get()));
    server.createContext("/clusters", ex -> send(ex, api.clusters(path(ex))));
    server.createContext("/workers", ex -> send(ex, api.workers(path(ex))));
    server.createContext("/databases", ex -> send(ex, 200, api.databases()));
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

  private static String path(HttpExchange ex) {
    return ex.getRequestURI().getPath();
  }

  private static void send(HttpExchange ex, ZalandoApi.Answer answer) throws IOException {
    send(ex, answer.code(), answer.body());
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
