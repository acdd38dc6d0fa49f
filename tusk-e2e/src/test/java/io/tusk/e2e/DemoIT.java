package io.tusk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.cli.TuskCli;
import io.tusk.local.pki.Kubeconfigs;
import io.tusk.local.process.DetachedProcesses;
import io.tusk.local.state.ClusterState;
import io.tusk.local.state.ComponentState;
import io.tusk.local.state.StateLayout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code tusk local demo} on a fresh state directory: it brings up the control plane with real
 * pods, the operator and a two-instance cluster, and the {@code psql} command it prints logs in
 * from the host; a second run reuses what runs; {@code down} stops the operator too. When the
 * operator cannot reach the primary, the demo prints why. Runs in a JVM of its own, after the other
 * end-to-end tests (see the pom): two control planes with real pods cannot share the pod network at
 * the same time.
 */
class DemoIT {

  private static final AtomicInteger RUNS = new AtomicInteger();

  private final Path dir =
      Path.of(
          System.getProperty("java.io.tmpdir"),
          "tusk-demo-it-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet());

  record Result(int code, String out, String err) {}

  private static Result tusk(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    picocli.CommandLine cl = TuskCli.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @AfterEach
  void down() {
    tusk("local", "down", "--state-dir", dir.toString());
  }

  @Test
  void printsAPsqlCommandThatLogsInFromTheHostAndDownStopsEverything() throws Exception {
    Result first = tusk("local", "demo", "--state-dir", dir.toString(), "--timeout", "400");
    assertThat(first.code()).as(first.out() + first.err()).isZero();
    assertThat(first.out())
        .contains("started the operator", "logged in through the master Service");

    // PGPASSWORD=$(<kubectl> get secret ... | base64 -d) psql "host=10.96.x.y user=postgres ..."
    Matcher m =
        Pattern.compile("get secret -n default (\\S+) .*\\) psql \"([^\"]+)\"")
            .matcher(first.out());
    assertThat(m.find()).as(first.out()).isTrue();
    String password;
    try (KubernetesClient client = Kubeconfigs.client(new StateLayout(dir).adminKubeconfig())) {
      Secret s = client.secrets().inNamespace("default").withName(m.group(1)).get();
      password =
          new String(
              java.util.Base64.getDecoder().decode(s.getData().get("password")),
              StandardCharsets.UTF_8);
    }
    ProcessBuilder psql =
        new ProcessBuilder("psql", m.group(2), "-Atc", "select current_user, pg_is_in_recovery()")
            .redirectErrorStream(true);
    psql.environment().put("PGPASSWORD", password);
    Process p = psql.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.exitValue()).as(answer).isZero();
    assertThat(answer).isEqualTo("postgres|f");

    Result again = tusk("local", "demo", "--state-dir", dir.toString());
    assertThat(again.code()).as(again.out() + again.err()).isZero();
    assertThat(again.out()).contains("already up", "the operator runs already");

    Result status = tusk("local", "status", "--state-dir", dir.toString());
    assertThat(status.out()).containsPattern("(?m)^operator +\\d+");

    ComponentState operator =
        ClusterState.read(new StateLayout(dir).stateFile())
            .orElseThrow()
            .component("operator")
            .orElseThrow();
    Result down = tusk("local", "down", "--state-dir", dir.toString());
    assertThat(down.code()).as(down.err()).isZero();
    assertThat(down.out()).contains("stopping operator");
    assertThat(DetachedProcesses.isAlive(operator.process())).isFalse();
    assertThat(DetachedProcesses.referencing(dir)).isEmpty();
    assertThat(Files.exists(dir)).isFalse();
  }

  /**
   * The operator is told to reach primaries by their Service DNS names, which this host cannot
   * resolve (what {@code tusk operator} did on the host before it chose by itself): the pods elect
   * a leader but the roles cannot be created, and the demo prints the operator's reason, from the
   * cluster's Warning Events, while it waits and when it gives up.
   */
  @Test
  void printsWhyTheOperatorCannotReachThePrimary() {
    Result r =
        tusk(
            "local",
            "demo",
            "--state-dir",
            dir.toString(),
            "--instances",
            "1",
            "--primary-address",
            "dns",
            "--timeout",
            "120");
    String all = r.out() + r.err();
    assertThat(r.code()).as(all).isNotZero();
    // "cannot reach or read the primary at acid-demo.default.svc.cluster.local:5432: The
    // connection attempt failed. (UnknownHostException: acid-demo.default.svc.cluster.local: ...)"
    String reason =
        "cannot reach or read the primary at acid-demo\\.default\\.svc\\.cluster\\.local:5432: .*"
            + "\\(UnknownHostException: acid-demo\\.default\\.svc\\.cluster\\.local.*\\)";
    // While waiting: "[  41.2s]   Warning SyncFailed: could not sync roles and databases: ..."
    assertThat(r.out()).as(all).containsPattern("(?m)^\\[.*\\]   Warning SyncFailed.*: " + reason);
    // Giving up: the status and its message, and the same Warning Events.
    assertThat(r.err())
        .as(all)
        .contains("did not come up within 120s (status CreateFailed;")
        .containsPattern("status message: could not sync roles and databases: " + reason)
        .containsPattern("(?m)^  Warning SyncFailed.*: " + reason);
  }
}
