package io.tusk.it;

import static io.tusk.it.OperatorHarness.awaitStatus;
import static io.tusk.it.OperatorHarness.manifest;
import static io.tusk.it.OperatorHarness.zalandoManifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * No password the operator generated shows anywhere but in its Secret: not in the operator's log,
 * with every logger of the operator, JOSDK, fabric8, Vert.x and Netty at DEBUG (more than the
 * shipped logging configuration ever logs: it keeps JOSDK at INFO and fabric8 at WARN whatever
 * {@code TUSK_LOG_LEVEL} says), not in an Event, not in a {@code postgresql} resource (status or
 * annotations), not in any answer of the operator's HTTP endpoints. The log covers the creation of
 * two clusters (Zalando's complete manifest among them), an operator restart and a deleted Secret
 * generated again.
 */
@LocalKubernetes
class PasswordExposureIT {
  private static final List<String> CLUSTERS = List.of("acid-minimal-cluster", "acid-test-cluster");

  /** Loggers captured at DEBUG, with the messages kept in memory instead of printed. */
  private static final List<String> CAPTURED =
      List.of("io.tusk", "io.javaoperatorsdk", "io.fabric8", "io.vertx", "io.netty");

  @InjectClient static KubernetesClient client;
  @InjectCluster static LocalCluster cluster;
  static OperatorHarness operator;
  static final LogCapture log = new LogCapture();

  @BeforeAll
  static void clustersRunUnderDebugLogging() {
    log.start();
    operator = new OperatorHarness(cluster, Map.of()).start();
    client.resource(manifest(client, "minimal.yaml")).create();
    client.resource(zalandoManifest(client, "complete-postgres-manifest.yaml")).create();
    for (String name : CLUSTERS) {
      awaitStatus(client, name, "Running", Duration.ofSeconds(90));
    }
    // A deleted Secret gets a new password.
    String deleted = "foo-user.acid-minimal-cluster.credentials.postgresql.acid.zalan.do";
    String uid = client.secrets().withName(deleted).get().getMetadata().getUid();
    client.secrets().withName(deleted).delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Secret s = client.secrets().withName(deleted).get();
              return s != null && !s.getMetadata().getUid().equals(uid);
            });
    // A new operator reads every Secret back.
    operator.stop();
    operator.start();
    await("every cluster reconciled by the new operator")
        .atMost(Duration.ofSeconds(60))
        .until(() -> CLUSTERS.stream().allMatch(name -> operator.reconciles(name).succeeded() > 0));
  }

  @AfterAll
  static void stop() {
    try {
      operator.close();
    } finally {
      log.stop();
    }
  }

  /** Every generated password, by Secret name, in plain text and as stored (base64). */
  private static Map<String, List<String>> passwords() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String name : CLUSTERS) {
      for (Secret s : client.secrets().withLabels(Map.of("cluster-name", name)).list().getItems()) {
        String stored = s.getData().get("password");
        String plain = new String(Base64.getDecoder().decode(stored), StandardCharsets.UTF_8);
        out.put(s.getMetadata().getName(), List.of(plain, stored));
      }
    }
    assertThat(out).as("credential Secrets of both clusters").hasSizeGreaterThanOrEqualTo(11);
    assertThat(out.values()).allSatisfy(p -> assertThat(p.get(0)).hasSizeGreaterThanOrEqualTo(16));
    return out;
  }

  /** The names of the Secrets whose password (plain or base64) occurs in {@code text}. */
  private static List<String> leaked(Map<String, List<String>> passwords, String text) {
    List<String> found = new ArrayList<>();
    passwords.forEach(
        (secret, forms) -> {
          if (forms.stream().anyMatch(text::contains)) {
            found.add(secret);
          }
        });
    return found;
  }

  @Test
  void noPasswordInTheOperatorsDebugLog() {
    Map<String, List<String>> passwords = passwords();
    // The capture works: debug messages of the operator and of fabric8 are in it.
    assertThat(log.debugCount("io.tusk")).isPositive();
    assertThat(log.debugCount("io.fabric8")).isPositive();
    List<String> leaks = new ArrayList<>();
    for (LogCapture.Line line : log.lines()) {
      List<String> secrets = leaked(passwords, line.text());
      if (!secrets.isEmpty()) {
        // Names the logger and the Secrets, never the line itself (it holds the password).
        leaks.add(line.logger() + " at " + line.level() + " logged the password of " + secrets);
      }
    }
    assertThat(leaks).isEmpty();
  }

  @Test
  void noPasswordInAnEventOrAClusterResource() {
    Map<String, List<String>> passwords = passwords();
    var json = client.getKubernetesSerialization();
    List<String> leaks = new ArrayList<>();
    client
        .v1()
        .events()
        .list()
        .getItems()
        .forEach(
            e -> {
              List<String> secrets = leaked(passwords, json.asJson(e));
              if (!secrets.isEmpty()) {
                leaks.add(
                    "Event "
                        + e.getMetadata().getName()
                        + " ("
                        + e.getReason()
                        + ") holds the password of "
                        + secrets);
              }
            });
    for (String name : CLUSTERS) {
      Postgresql pg = client.resources(Postgresql.class).withName(name).get();
      assertThat(pg.getStatus().getPostgresClusterStatus()).isEqualTo("Running");
      List<String> secrets = leaked(passwords, json.asJson(pg));
      if (!secrets.isEmpty()) {
        leaks.add("postgresql " + name + " holds the password of " + secrets);
      }
    }
    assertThat(leaks).isEmpty();
  }

  @Test
  void noPasswordInAnHttpAnswer() throws Exception {
    Map<String, List<String>> passwords = passwords();
    HttpClient http = HttpClient.newHttpClient();
    List<String> paths =
        new ArrayList<>(
            List.of("/healthz", "/readyz", "/readyz/", "/status/", "/config/", "/clusters/"));
    for (String name : CLUSTERS) {
      paths.add("/clusters/" + cluster.namespace() + "/" + name + "/");
    }
    List<String> leaks = new ArrayList<>();
    Map<String, Integer> codes = new HashMap<>();
    for (String path : paths) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + operator.httpPort() + path))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      codes.put(path, r.statusCode());
      List<String> secrets = leaked(passwords, r.body());
      if (!secrets.isEmpty()) {
        leaks.add(path + " answers the password of " + secrets);
      }
    }
    assertThat(codes).containsEntry("/config/", 200).containsEntry("/clusters/", 200);
    assertThat(leaks).isEmpty();
  }

  /**
   * Captures the messages of {@link #CAPTURED} at DEBUG in memory while it runs, and restores their
   * levels and additivity when stopped (the debug lines are not printed: they would flood the test
   * output).
   */
  static final class LogCapture extends AppenderBase<ILoggingEvent> {
    record Line(String logger, Level level, String text) {}

    private final ConcurrentLinkedQueue<Line> lines = new ConcurrentLinkedQueue<>();
    private final Map<String, Level> levels = new HashMap<>();
    private final Map<String, Boolean> additivity = new HashMap<>();
    private final Map<String, AtomicInteger> debug = new HashMap<>();

    @Override
    public void start() {
      LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
      setContext(ctx);
      setName("password-exposure-capture");
      for (String name : CAPTURED) {
        debug.put(name, new AtomicInteger());
        Logger logger = ctx.getLogger(name);
        levels.put(name, logger.getLevel());
        additivity.put(name, logger.isAdditive());
        logger.setLevel(Level.DEBUG);
        logger.setAdditive(false);
        logger.addAppender(this);
      }
      super.start();
    }

    @Override
    public void stop() {
      LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
      for (String name : CAPTURED) {
        Logger logger = ctx.getLogger(name);
        logger.detachAppender(this);
        logger.setLevel(levels.get(name));
        logger.setAdditive(additivity.getOrDefault(name, true));
      }
      super.stop();
    }

    @Override
    protected void append(ILoggingEvent e) {
      StringBuilder text =
          new StringBuilder(e.getFormattedMessage() == null ? "" : e.getFormattedMessage());
      if (e.getArgumentArray() != null) {
        for (Object arg : e.getArgumentArray()) {
          text.append('\n').append(arg);
        }
      }
      e.getMDCPropertyMap().forEach((k, v) -> text.append('\n').append(k).append('=').append(v));
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        text.append('\n').append(t.getClassName()).append(": ").append(t.getMessage());
        for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
          text.append('\n').append(frame.getSTEAsString());
        }
      }
      lines.add(new Line(e.getLoggerName(), e.getLevel(), text.toString()));
      if (e.getLevel() == Level.DEBUG) {
        CAPTURED.stream()
            .filter(n -> e.getLoggerName().startsWith(n))
            .findFirst()
            .ifPresent(n -> debug.get(n).incrementAndGet());
      }
    }

    List<Line> lines() {
      return List.copyOf(lines);
    }

    int debugCount(String logger) {
      return debug.get(logger).get();
    }
  }
}
