package io.tusk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.tusk.local.Progress;
import io.tusk.local.binaries.BinaryCache;
import io.tusk.local.binaries.BinaryResolver;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import io.tusk.local.pki.TlsContexts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code pods/log} and {@code pods/exec} of pods that run as processes, through the real API server
 * to the node agent's kubelet API, with the cached {@code kubectl} (WebSocket v5, which the API
 * server translates to SPDY for the node) and with fabric8 (WebSocket v4, passed through).
 */
@LocalKubernetes
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubeletApiIT {

  private static final Duration WAIT = Duration.ofMinutes(2);

  @InjectClient KubernetesClient client;
  @InjectCluster LocalCluster cluster;
  private Path kubectl;

  record Result(int code, String out, String err) {}

  @BeforeAll
  void pods() throws IOException {
    kubectl =
        new BinaryResolver(BinaryCache.defaultCache(), Progress.silent())
            .resolve(BinaryResolver.userBinDir(null), false)
            .kubectl();
    create(
        "chatty",
        "Always",
        "for i in 0 1 2; do echo line-$i; done; echo to-stderr >&2; sleep 2; echo late;"
            + " exec sleep 3600");
    // Runs until told to stop by a file in its home directory (which exec sees too), then ends.
    create(
        "follower",
        "Never",
        "echo first; while [ ! -e \"$HOME/stop\" ]; do sleep 0.2; done; echo second");
    // Counts its runs in its (persistent) home directory; the first run fails after a moment.
    create(
        "restarter",
        "Always",
        "n=$(cat \"$HOME/n\" 2>/dev/null || echo 0); n=$((n+1)); echo $n > \"$HOME/n\";"
            + " echo run-$n; if [ $n -ge 2 ]; then exec sleep 3600; fi; sleep 1; exit 3");
    create(
        "web",
        "Always",
        "echo hello-from-pod > index.html; exec /usr/bin/python3 -m http.server 8080");
    for (String p : List.of("chatty", "follower", "web")) {
      client.pods().withName(p).waitUntilReady(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private void create(String name, String restartPolicy, String script) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .withNewSpec()
            .withRestartPolicy(restartPolicy)
            .withTerminationGracePeriodSeconds(1L)
            .addNewContainer()
            .withName("main")
            .withImage("busybox:1.36")
            .withCommand("sh", "-c", script)
            .endContainer()
            .endSpec()
            .build();
    client.pods().resource(pod).create();
  }

  // --- logs -------------------------------------------------------------------------------

  @Test
  void kubectlLogsShowsStdoutAndStderrWithoutTheNodesNotes() {
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(kubectl("logs", "chatty").out()).contains("late"));
    Result r = kubectl("logs", "chatty");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("line-0\nline-1\nline-2\nto-stderr\nlate\n");
    assertThat(kubectl("logs", "chatty", "--tail=2").out()).isEqualTo("to-stderr\nlate\n");
    assertThat(kubectl("logs", "chatty", "--limit-bytes=8").out()).isEqualTo("line-0\nl");
  }

  @Test
  void kubectlLogsSinceATimeLeavesEarlierLinesOut() {
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(kubectl("logs", "chatty").out()).contains("late"));
    String stamped = kubectl("logs", "chatty", "--timestamps").out();
    Matcher m = Pattern.compile("(?m)^(\\S+) late$").matcher(stamped);
    assertThat(m.find()).as(stamped).isTrue();
    String since = kubectl("logs", "chatty", "--since-time=" + m.group(1)).out();
    assertThat(since).isEqualTo("late\n");
    assertThat(kubectl("logs", "chatty", "--since=1h").out()).contains("line-0", "late");
  }

  @Test
  void kubectlLogsFollowSeesNewLinesAndEndsWithTheContainer() throws Exception {
    Process follow = start(List.of("logs", "-f", "follower"));
    ByteArrayOutputStream out = collect(follow.getInputStream());
    await().atMost(WAIT).until(() -> out.toString(StandardCharsets.UTF_8).contains("first"));
    assertThat(follow.isAlive()).isTrue();

    Result touched = kubectl("exec", "follower", "--", "sh", "-c", "touch \"$HOME/stop\"");
    assertThat(touched.code()).as(touched.err()).isZero();

    assertThat(follow.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> out.toString(StandardCharsets.UTF_8).contains("second"));
    assertThat(follow.exitValue()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("first\nsecond\n");
  }

  @Test
  void kubectlLogsPreviousShowsTheRunBeforeARestart() {
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(kubectl("logs", "restarter").out()).isEqualTo("run-2\n"));
    assertThat(kubectl("logs", "restarter", "--previous").out()).isEqualTo("run-1\n");
    Result none = kubectl("logs", "chatty", "--previous");
    assertThat(none.code()).isNotZero();
    assertThat(none.err())
        .contains("previous terminated container \"main\" in pod \"chatty\" not found");
  }

  @Test
  void fabric8ReadsAndWatchesLogs() throws Exception {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(client.pods().withName("chatty").getLog()).contains("late"));
    assertThat(client.pods().withName("chatty").tailingLines(1).getLog()).isEqualTo("late\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (LogWatch watch = client.pods().withName("chatty").watchLog(out)) {
      await().atMost(WAIT).until(() -> out.toString(StandardCharsets.UTF_8).contains("late"));
      assertThat(watch.onClose().toCompletableFuture()).isNotDone(); // the container still runs
    }
  }

  // --- exec -------------------------------------------------------------------------------

  @Test
  void kubectlExecReportsOutputAndExitCodes() {
    Result ok = kubectl("exec", "chatty", "--", "sh", "-c", "echo out; echo err >&2; id -un; pwd");
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).startsWith("out\ntusk-pod\n");
    assertThat(ok.err()).isEqualTo("err\n");

    Result failed = kubectl("exec", "chatty", "--", "sh", "-c", "exit 7");
    assertThat(failed.code()).isEqualTo(7);
    assertThat(failed.err()).contains("command terminated with exit code 7");
  }

  @Test
  void kubectlExecRunsInThePodsNetworkNamespaceWithTheContainersEnvironment() {
    Pod pod = client.pods().withName("chatty").get();
    Result r = kubectl("exec", "chatty", "--", "sh", "-c", "echo $HOSTNAME; ip -o -4 addr show");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("chatty\n").contains(pod.getStatus().getPodIP());
  }

  @Test
  void kubectlExecPipesStdinAndEndsWhenItCloses() {
    Result r = kubectlWithInput("hello\nworld\n", "exec", "-i", "chatty", "--", "tr", "a-z", "A-Z");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("HELLO\nWORLD\n");
  }

  @Test
  void kubectlExecWithATtyGetsATerminal() throws Exception {
    // kubectl only asks for a TTY when its own stdin is one: give it one with script.
    String line =
        String.join(
            " ",
            kubectl.toString(),
            "--kubeconfig=" + cluster.kubeconfig(),
            "-n",
            cluster.namespace(),
            "exec",
            "-it",
            "chatty",
            "--",
            "sh",
            "-c",
            "'tty; exit 4'");
    Process p =
        new ProcessBuilder("script", "--quiet", "--return", "--command", line, "/dev/null")
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    ByteArrayOutputStream out = collect(p.getInputStream());
    assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> out.toString(StandardCharsets.UTF_8).contains("/dev/pts/"));
    assertThat(p.exitValue()).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(4);
  }

  @Test
  void kubectlExecOfAMissingCommandFailsClearly() {
    Result r = kubectl("exec", "chatty", "--", "no-such-command");
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("executable file not found in $PATH");
  }

  @Test
  void fabric8ExecReportsOutputAndExitCode() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (ExecWatch w =
        client
            .pods()
            .withName("chatty")
            .writingOutput(out)
            .writingError(err)
            .exec("sh", "-c", "echo hi; echo oops >&2; exit 5")) {
      assertThat(w.exitCode().get(1, TimeUnit.MINUTES)).isEqualTo(5);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hi\n");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("oops\n");
  }

  @Test
  void fabric8ExecFeedsStdin() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ExecWatch w =
        client
            .pods()
            .withName("chatty")
            .redirectingInput()
            .writingOutput(out)
            .exec("head", "-n", "1")) {
      w.getInput().write("abc\nrest\n".getBytes(StandardCharsets.UTF_8));
      w.getInput().flush();
      assertThat(w.exitCode().get(1, TimeUnit.MINUTES)).isZero();
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("abc\n");
  }

  @Test
  void fabric8ExecWithATtyGetsATerminalOfTheRequestedSize() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ExecWatch w =
        client
            .pods()
            .withName("chatty")
            .redirectingInput()
            .writingOutput(out)
            .withTTY()
            .exec("sh", "-c", "tty; sleep 1; stty size")) {
      w.resize(100, 40);
      assertThat(w.exitCode().get(1, TimeUnit.MINUTES)).isZero();
    }
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("/dev/pts/").contains("40 100");
  }

  @Test
  void fabric8ExecOfAMissingCommandFails() throws Exception {
    ByteArrayOutputStream status = new ByteArrayOutputStream();
    try (ExecWatch w =
        client
            .pods()
            .withName("chatty")
            .writingOutput(new ByteArrayOutputStream())
            .writingErrorChannel(status)
            .exec("no-such-command")) {
      int code = w.exitCode().handle((c, t) -> c == null ? -1 : c).get(1, TimeUnit.MINUTES);
      assertThat(code).isNotZero();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                status
                    .toString(StandardCharsets.UTF_8)
                    .contains("executable file not found in $PATH"));
  }

  // --- port-forward ----------------------------------------------------------------------

  @Test
  void kubectlPortForwardReachesThePodsPort() throws Exception {
    Process forward = start(List.of("port-forward", "pod/web", ":8080"));
    try {
      ByteArrayOutputStream out = collect(forward.getInputStream());
      Pattern local = Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+) -> 8080");
      await().atMost(WAIT).until(() -> local.matcher(out.toString(StandardCharsets.UTF_8)).find());
      Matcher m = local.matcher(out.toString(StandardCharsets.UTF_8));
      assertThat(m.find()).isTrue();
      URI uri = URI.create("http://127.0.0.1:" + m.group(1) + "/index.html");
      HttpClient http = HttpClient.newHttpClient();
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(
                          http.send(
                                  HttpRequest.newBuilder(uri).build(),
                                  HttpResponse.BodyHandlers.ofString())
                              .body())
                      .isEqualTo("hello-from-pod\n"));
    } finally {
      forward.destroy();
    }
  }

  @Test
  void fabric8PortForwardReachesThePodsPort() throws Exception {
    try (LocalPortForward forward = client.pods().withName("web").portForward(8080)) {
      URI uri = URI.create("http://127.0.0.1:" + forward.getLocalPort() + "/index.html");
      HttpClient http = HttpClient.newHttpClient();
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(
                          http.send(
                                  HttpRequest.newBuilder(uri).build(),
                                  HttpResponse.BodyHandlers.ofString())
                              .body())
                      .isEqualTo("hello-from-pod\n"));
    }
  }

  // --- the node's port itself ------------------------------------------------------------

  @Test
  void theKubeletPortRefusesClientsWithoutACertificateAndServesTheApiServersPeers()
      throws Exception {
    Pod pod = client.pods().withName("chatty").get();
    Node node = client.nodes().withName(pod.getSpec().getNodeName()).get();
    int port = node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort();
    URI uri =
        URI.create(
            "https://127.0.0.1:"
                + port
                + "/containerLogs/"
                + cluster.namespace()
                + "/chatty/main?tailLines=1");
    Path pki = cluster.layout().pki();
    HttpClient anonymous =
        HttpClient.newBuilder().sslContext(trustOnly(pki.resolve("ca.crt"))).build();
    assertThatThrownBy(
            () ->
                anonymous.send(
                    HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);

    HttpClient admin =
        HttpClient.newBuilder()
            .sslContext(
                TlsContexts.mutual(
                    pki.resolve("ca.crt"), pki.resolve("admin.crt"), pki.resolve("admin.key")))
            .build();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              HttpResponse<String> r =
                  admin.send(
                      HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
              assertThat(r.statusCode()).isEqualTo(200);
              assertThat(r.body()).isEqualTo("late\n");
            });
  }

  private static SSLContext trustOnly(Path ca) throws Exception {
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    try (InputStream in = java.nio.file.Files.newInputStream(ca)) {
      ks.setCertificateEntry(
          "ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  // --- kubectl ----------------------------------------------------------------------------

  private Process start(List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(kubectl.toString());
    cmd.add("--kubeconfig=" + cluster.kubeconfig());
    cmd.add("-n");
    cmd.add(cluster.namespace());
    cmd.addAll(args);
    return new ProcessBuilder(cmd).start();
  }

  private Result kubectl(String... args) {
    return kubectlWithInput(null, args);
  }

  private Result kubectlWithInput(String input, String... args) {
    try {
      Process p = start(List.of(args));
      Collector out = new Collector(p.getInputStream());
      Collector err = new Collector(p.getErrorStream());
      if (input != null) {
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      if (!p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("kubectl " + String.join(" ", args) + " did not end");
      }
      return new Result(p.exitValue(), out.text(), err.text());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static ByteArrayOutputStream collect(InputStream in) {
    return new Collector(in).out;
  }

  /** Reads a process' output on a thread of its own. */
  private static final class Collector {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final Thread thread;

    Collector(InputStream in) {
      thread =
          new Thread(
              () -> {
                try (in) {
                  in.transferTo(out);
                } catch (IOException e) {
                  // process gone
                }
              });
      thread.setDaemon(true);
      thread.start();
    }

    /** Everything, once the stream has ended. */
    String text() throws InterruptedException {
      thread.join(Duration.ofSeconds(10).toMillis());
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
