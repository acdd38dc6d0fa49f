package io.tusk.images.spilo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tusk.images.AsPodUser;
import io.tusk.images.ContainerContext;
import io.tusk.images.ExternalCommand;
import io.tusk.images.ImageCatalog;
import io.tusk.images.LaunchPlan;
import io.tusk.images.PodUser;
import io.tusk.images.TestPostgres;
import io.tusk.images.ZalandoPodEnv;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two Spilo containers of one cluster run for real: Patroni with the rendered configuration
 * bootstraps a primary (initdb with the operator's options, Tusk's post-bootstrap hook, the users
 * from {@code authentication}) and makes the second member a streaming replica with {@code
 * basebackup}.
 *
 * <p>Only two things differ from what the local node runs, so that the test needs neither an API
 * server nor a pod network: the DCS section is replaced by Patroni's built-in Raft, and the {@code
 * *} listen addresses become 127.0.0.1 (the pod IP is 127.0.0.1, ports are free ones).
 */
class SpiloPatroniIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  static Stream<Integer> majors() throws Exception {
    return SpiloIT.majors();
  }

  /** One member: its ports, directories, plan and running process. */
  static final class Member implements AutoCloseable {
    final String name;
    final Path root;
    final int pgPort;
    final int apiPort;
    final int raftPort;
    final Map<String, String> env;
    LaunchPlan plan;
    Process process;

    Member(String name, int major) throws Exception {
      this.name = name;
      this.root = AsPodUser.tempDir("tusk-img-patroni-");
      this.pgPort = TestPostgres.freePort();
      this.apiPort = TestPostgres.freePort();
      this.raftPort = TestPostgres.freePort();
      this.env = new LinkedHashMap<>(ZalandoPodEnv.of("minimal-postgres-manifest.yaml"));
      env.put("PGVERSION", String.valueOf(major));
      env.put("POD_IP", "127.0.0.1");
      env.put("PGPORT", String.valueOf(pgPort));
      env.put("APIPORT", String.valueOf(apiPort));
    }

    void prepare(List<Member> partners) throws Exception {
      PodUser user = AsPodUser.podUser();
      Path volume = user.directory(root.resolve("pgdata"), "rwx------");
      Path scratch = Files.createDirectories(root.resolve("scratch"));
      ContainerContext ctx =
          new ContainerContext(
              name,
              "default",
              "127.0.0.1",
              "postgres",
              List.of(),
              List.of(),
              env,
              Map.of("/home/postgres/pgdata", volume),
              scratch,
              AsPodUser.user(),
              root.resolve("kubeconfig"),
              "tusk");
      plan =
          ImageCatalog.standard(SpiloIT.installations())
              .resolve("ghcr.io/zalando/spilo-18:4.1-p2")
              .orElseThrow()
              .prepare(ctx);
      Path yml = Path.of(plan.command().get(plan.command().size() - 1));
      YAMLMapper yaml = new YAMLMapper();
      Map<String, Object> config =
          yaml.readValue(Files.readString(yml), new TypeReference<Map<String, Object>>() {});
      config.remove("kubernetes");
      Map<String, Object> raft = new LinkedHashMap<>();
      raft.put("data_dir", user.directory(scratch.resolve("raft"), "rwx------").toString());
      raft.put("self_addr", "127.0.0.1:" + raftPort);
      raft.put("partner_addrs", partners.stream().map(p -> "127.0.0.1:" + p.raftPort).toList());
      config.put("raft", raft);
      section(config, "restapi").put("listen", "127.0.0.1:" + apiPort);
      section(config, "postgresql").put("listen", "127.0.0.1:" + pgPort);
      user.privateFile(yml, yaml.writeValueAsString(config));
    }

    void start() throws Exception {
      process =
          new ProcessBuilder(AsPodUser.command(plan.command(), plan.env()))
              .redirectErrorStream(true)
              .redirectOutput(root.resolve("patroni.log").toFile())
              .start();
    }

    JsonNode patroni() {
      try {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/patroni"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
      } catch (Exception e) {
        return JSON.createObjectNode();
      }
    }

    Connection connect() throws Exception {
      Properties p = new Properties();
      p.setProperty("user", "postgres");
      p.setProperty("password", env.get("PGPASSWORD_SUPERUSER"));
      return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", p);
    }

    String log() {
      try {
        return Files.readString(root.resolve("patroni.log"));
      } catch (Exception e) {
        return "(no log)";
      }
    }

    @Override
    public void close() throws Exception {
      if (process != null && process.isAlive()) {
        process.destroy(); // SIGTERM: Patroni stops PostgreSQL
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
        }
      }
      ExternalCommand.run(List.of("rm", "-rf", root.toString()), Duration.ofMinutes(1));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(Map<String, Object> config, String name) {
    return (Map<String, Object>) config.get(name);
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource("majors")
  void bootstrapsAPrimaryAndAStreamingReplica(int major) throws Exception {
    boolean ssl = SpiloIT.installations().postgres(major).orElseThrow().ssl();
    try (Member a = new Member("acid-minimal-cluster-0", major);
        Member b = new Member("acid-minimal-cluster-1", major)) {
      a.prepare(List.of(b));
      b.prepare(List.of(a));
      a.start();
      b.start();
      Member primary = null;
      Member replica = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
      while (System.nanoTime() < deadline) {
        JsonNode sa = a.patroni();
        JsonNode sb = b.patroni();
        boolean aPrimary =
            "primary".equals(sa.path("role").asText())
                && "running".equals(sa.path("state").asText());
        boolean bPrimary =
            "primary".equals(sb.path("role").asText())
                && "running".equals(sb.path("state").asText());
        boolean aStreaming =
            "replica".equals(sa.path("role").asText())
                && "streaming".equals(sa.path("replication_state").asText());
        boolean bStreaming =
            "replica".equals(sb.path("role").asText())
                && "streaming".equals(sb.path("replication_state").asText());
        if (aPrimary && bStreaming) {
          primary = a;
          replica = b;
          break;
        }
        if (bPrimary && aStreaming) {
          primary = b;
          replica = a;
          break;
        }
        assertThat(a.process.isAlive()).as("member 0 exited:\n" + a.log()).isTrue();
        assertThat(b.process.isAlive()).as("member 1 exited:\n" + b.log()).isTrue();
        Thread.sleep(1000);
      }
      assertThat(primary)
          .as(
              "no primary with a streaming replica within 300 s\n--- member 0:\n"
                  + a.log()
                  + "\n--- member 1:\n"
                  + b.log())
          .isNotNull();

      try (Connection c = primary.connect();
          Statement st = c.createStatement()) {
        assertThat(
                value(
                    st,
                    "SELECT rolcreatedb AND NOT rolcanlogin FROM pg_roles WHERE rolname = 'admin'"))
            .isEqualTo("t");
        assertThat(
                value(
                    st,
                    "SELECT count(*) FROM pg_roles WHERE rolname IN ('cron_admin', 'zalandos',"
                        + " 'robot_zmon')"))
            .isEqualTo("3");
        assertThat(value(st, "SELECT rolreplication FROM pg_roles WHERE rolname = 'standby'"))
            .isEqualTo("t");
        assertThat(value(st, "SHOW shared_preload_libraries")).isEqualTo("pg_stat_statements");
        assertThat(value(st, "SHOW ssl")).isEqualTo(ssl ? "on" : "off");
        assertThat(value(st, "SHOW data_directory"))
            .startsWith(primary.root.resolve("pgdata/pgroot/data").toString());
        assertThat(value(st, "SHOW server_encoding")).isEqualTo("UTF8");
        assertThat(value(st, "SELECT count(*) FROM pg_stat_replication")).isEqualTo("1");
        if (ssl) {
          assertThat(
                  value(
                      st,
                      "SELECT bool_and(s.ssl) FROM pg_stat_replication r JOIN pg_stat_ssl s USING"
                          + " (pid)"))
              .isEqualTo("t");
        }
        st.execute("CREATE TABLE replicated AS SELECT 42 AS answer");
      }
      Member r = replica;
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      String seen = null;
      while (System.nanoTime() < until && seen == null) {
        try (Connection c = r.connect();
            Statement st = c.createStatement()) {
          seen = value(st, "SELECT answer FROM replicated");
        } catch (java.sql.SQLException notYet) {
          Thread.sleep(500);
        }
      }
      assertThat(seen).isEqualTo("42");
    }
  }

  private static String value(Statement st, String sql) throws Exception {
    try (ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
