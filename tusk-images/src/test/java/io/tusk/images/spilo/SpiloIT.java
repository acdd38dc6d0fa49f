package io.tusk.images.spilo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tusk.images.AsPodUser;
import io.tusk.images.ContainerContext;
import io.tusk.images.ExternalCommand;
import io.tusk.images.ImageCatalog;
import io.tusk.images.Installations;
import io.tusk.images.LaunchPlan;
import io.tusk.images.PodUser;
import io.tusk.images.PostgresInstallation;
import io.tusk.images.TestPostgres;
import io.tusk.images.TestSoftware;
import io.tusk.images.ZalandoPodEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Spilo image with the real software of this machine, per installed PostgreSQL major: Patroni
 * accepts the rendered configuration, and the post-bootstrap hook, run the way Patroni runs it
 * (shlex-split command plus DSN, as the pod user, password in a pgpass file), creates Spilo's roles
 * and objects in a real server, twice without harm.
 */
class SpiloIT {

  static Installations installations() throws Exception {
    return TestSoftware.installations();
  }

  static Stream<Integer> majors() throws Exception {
    List<Integer> majors = installations().availablePostgresMajors();
    assertThat(majors).contains(15, 17, 18);
    return majors.stream();
  }

  /** A Spilo container of acid-minimal-cluster prepared with the given major. */
  record Prepared(Path root, ContainerContext ctx, LaunchPlan plan, Map<String, Object> config) {}

  static Prepared prepare(int major) throws Exception {
    Path root = AsPodUser.tempDir("tusk-img-spilo-");
    PodUser user = AsPodUser.podUser();
    Path volume = user.directory(root.resolve("pgdata"), "rwx------");
    Path scratch = Files.createDirectories(root.resolve("scratch"));
    Path kubeconfig = root.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        "apiVersion: v1\n"
            + "kind: Config\n"
            + "clusters: [{name: local, cluster: {server: 'http://127.0.0.1:9'}}]\n"
            + "users: [{name: pod, user: {token: test}}]\n"
            + "contexts: [{name: tusk, context: {cluster: local, user: pod}}]\n"
            + "current-context: tusk\n");
    Map<String, String> env =
        new LinkedHashMap<>(ZalandoPodEnv.of("minimal-postgres-manifest.yaml"));
    env.put("PGVERSION", String.valueOf(major));
    ContainerContext ctx =
        new ContainerContext(
            "acid-minimal-cluster-0",
            "default",
            ZalandoPodEnv.POD_IP,
            "postgres",
            List.of(),
            List.of(),
            env,
            Map.of("/home/postgres/pgdata", volume),
            scratch,
            AsPodUser.user(),
            kubeconfig,
            "tusk");
    LaunchPlan plan =
        ImageCatalog.standard(installations())
            .resolve("ghcr.io/zalando/spilo-18:4.1-p2")
            .orElseThrow()
            .prepare(ctx);
    Map<String, Object> config =
        new YAMLMapper()
            .readValue(
                Files.readString(Path.of(plan.command().get(plan.command().size() - 1))),
                new TypeReference<Map<String, Object>>() {});
    return new Prepared(root, ctx, plan, config);
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource("majors")
  void patroniValidatesTheRenderedConfiguration(int major) throws Exception {
    Prepared p = prepare(major);
    try {
      PostgresInstallation pg = installations().postgres(major).orElseThrow();
      @SuppressWarnings("unchecked")
      Map<String, Object> pgSection = (Map<String, Object>) p.config().get("postgresql");
      assertThat(pgSection.get("bin_dir")).isEqualTo(pg.binDir().toString());
      // The plan ends with Patroni and its configuration (a shell before them notes the pid).
      List<String> plan = p.plan().command();
      List<String> cmd =
          new ArrayList<>(
              List.of(plan.get(plan.size() - 2), "--validate-config", plan.get(plan.size() - 1)));
      ExternalCommand.Result r = AsPodUser.run(cmd, p.plan().env(), Duration.ofMinutes(2));
      assertThat(r.exitCode()).as(r.output()).isZero();
    } finally {
      ExternalCommand.run(List.of("rm", "-rf", p.root().toString()), Duration.ofMinutes(1));
    }
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource("majors")
  void postBootstrapCreatesSpiloRolesAndIsIdempotent(int major) throws Exception {
    PostgresInstallation pg = installations().postgres(major).orElseThrow();
    Prepared p = prepare(major);
    try (TestPostgres server = TestPostgres.start(pg)) {
      String postInit = ((Map<?, ?>) p.config().get("bootstrap")).get("post_init").toString();

      assertThat(runHook(p, server, postInit).exitCode()).isZero();
      try (Connection c = server.connect("postgres")) {
        assertThat(role(c, "admin")).isEqualTo("login=f createdb=t createrole=f super=f");
        assertThat(role(c, "cron_admin")).isEqualTo("login=f createdb=f createrole=f super=f");
        assertThat(role(c, "zalandos")).isEqualTo("login=f createdb=f createrole=f super=f");
        assertThat(role(c, "robot_zmon")).isEqualTo("login=f createdb=f createrole=f super=f");
        assertThat(query(c, "SELECT pg_has_role('admin', 'cron_admin', 'MEMBER')")).isEqualTo("t");
        assertThat(
                query(c, "SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'"))
            .isEqualTo(pg.extensions().contains("pg_stat_statements") ? "1" : "0");
        assertThat(
                query(
                    c,
                    "SELECT count(*) FROM pg_foreign_table ft JOIN pg_class c ON c.oid = ft.ftrelid"
                        + " WHERE c.relname ~ '^postgres_log_[0-7]$'"))
            .isEqualTo(pg.extensions().contains("file_fdw") ? "8" : "0");
        // a human user made through the helper ends up in the human role and admin
        query(c, "SELECT user_management.create_user('jane')");
        assertThat(
                query(
                    c,
                    "SELECT pg_has_role('jane', 'zalandos', 'MEMBER') AND pg_has_role('jane',"
                        + " 'admin', 'MEMBER')"))
            .isEqualTo("t");
        // drift that the next run repairs
        try (Statement st = c.createStatement()) {
          st.execute("ALTER ROLE admin LOGIN CREATEROLE");
        }
      }
      try (Connection t1 = server.connect("template1")) {
        assertThat(
                query(
                    t1,
                    "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                        + " WHERE n.nspname = 'user_management'"))
            .isEqualTo("10");
      }

      ExternalCommand.Result again = runHook(p, server, postInit);
      assertThat(again.exitCode()).as(again.output()).isZero();
      try (Connection c = server.connect("postgres")) {
        assertThat(role(c, "admin")).isEqualTo("login=f createdb=t createrole=f super=f");
      }
    } finally {
      ExternalCommand.run(List.of("rm", "-rf", p.root().toString()), Duration.ofMinutes(1));
    }
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource("majors")
  void postBootstrapFailsWithoutThePassword(int major) throws Exception {
    Prepared p = prepare(major);
    try (TestPostgres server = TestPostgres.start(installations().postgres(major).orElseThrow())) {
      String postInit = ((Map<?, ?>) p.config().get("bootstrap")).get("post_init").toString();
      Path pgpass = p.root().resolve("pgpass");
      AsPodUser.podUser()
          .privateFile(pgpass, server.socketDir() + ":" + server.port() + ":*:postgres:wrong\n");
      ExternalCommand.Result r = hook(p, server, postInit, pgpass);
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.output())
          .contains("post-bootstrap failed")
          .contains("password authentication failed");
    } finally {
      ExternalCommand.run(List.of("rm", "-rf", p.root().toString()), Duration.ofMinutes(1));
    }
  }

  /** Runs the hook as Patroni does, with a pgpass file like the one Patroni writes. */
  private static ExternalCommand.Result runHook(Prepared p, TestPostgres server, String postInit)
      throws Exception {
    Path pgpass = p.root().resolve("pgpass");
    AsPodUser.podUser()
        .privateFile(
            pgpass,
            server.socketDir() + ":" + server.port() + ":*:postgres:" + server.password() + "\n");
    ExternalCommand.Result r = hook(p, server, postInit, pgpass);
    System.out.println(r.output());
    return r;
  }

  private static ExternalCommand.Result hook(
      Prepared p, TestPostgres server, String postInit, Path pgpass) {
    Map<String, String> env = new LinkedHashMap<>(p.plan().env());
    env.put("PGPASSFILE", pgpass.toString());
    env.put("PGOPTIONS", "-c synchronous_commit=local -c statement_timeout=0");
    String dsn =
        "dbname=postgres user=postgres host=" + server.socketDir() + " port=" + server.port();
    // Patroni: subprocess.call(shlex.split(post_init) + [dsn], env=env)
    return AsPodUser.run(
        List.of(
            "/usr/bin/python3",
            "-c",
            "import shlex, subprocess, sys; sys.exit(subprocess.call(shlex.split(sys.argv[1]) +"
                + " [sys.argv[2]]))",
            postInit,
            dsn),
        env,
        Duration.ofMinutes(3));
  }

  private static String role(Connection c, String name) throws Exception {
    return query(
        c,
        "SELECT format('login=%s createdb=%s createrole=%s super=%s', rolcanlogin::text::char,"
            + " rolcreatedb::text::char, rolcreaterole::text::char, rolsuper::text::char)"
            + " FROM pg_roles WHERE rolname = '"
            + name
            + "'");
  }

  private static String query(Connection c, String sql) throws Exception {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
