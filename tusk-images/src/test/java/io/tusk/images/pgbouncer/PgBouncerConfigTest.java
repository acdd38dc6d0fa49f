package io.tusk.images.pgbouncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tusk.images.ImageException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PgBouncerConfigTest {

  private static final PgBouncerConfig.Files FILES =
      new PgBouncerConfig.Files(
          Path.of("/s/userlist.txt"),
          Path.of("/s/run/pgbouncer.pid"),
          Optional.of(Path.of("/s/run")),
          Path.of("/s/certs/pgbouncer.crt"),
          Path.of("/s/certs/pgbouncer.key"),
          Optional.empty());

  @Test
  void rendersZalandosTemplateFromTheEnvironment() throws Exception {
    String ini =
        PgBouncerConfig.render(PoolerEnv.of("acid-minimal-cluster", "5432"), FILES, "1.24.1");
    assertThat(ini)
        .contains("[databases]\n* = host=acid-minimal-cluster port=5432 auth_user=pooler\n")
        .contains("postgres = host=acid-minimal-cluster port=5432 auth_user=pooler\n")
        .contains("pool_mode = transaction\n")
        .contains("listen_port = 5432\n")
        .contains("listen_addr = *\n")
        .contains("admin_users = pooler\n")
        .contains("auth_dbname = postgres\n")
        .contains("auth_file = /s/userlist.txt\n")
        .contains("auth_query = SELECT * FROM pooler.user_lookup($1)\n")
        .contains("auth_type = md5\n")
        .contains("client_tls_sslmode = require\n")
        .contains("client_tls_cert_file = /s/certs/pgbouncer.crt\n")
        .contains("client_tls_key_file = /s/certs/pgbouncer.key\n")
        .contains("server_tls_sslmode = prefer\n")
        .contains("max_prepared_statements = 200\n")
        .contains("default_pool_size = 15\n")
        .contains("reserve_pool_size = 7\n")
        .contains("max_client_conn = 10000\n")
        .contains("max_db_connections = 30\n")
        .contains("idle_transaction_timeout = 600\n")
        .contains("ignore_startup_parameters = extra_float_digits,options\n")
        .doesNotContain("logfile")
        .doesNotContain("stats_users")
        .doesNotContain("min_pool_size");
  }

  @Test
  void leavesOutWhatOldPgBouncerRejects() throws Exception {
    Map<String, String> env = PoolerEnv.of("acid-minimal-cluster-repl", "5432");
    env.put("INFRASTRUCTURE_ROLES", "robot_zmon,monitor");
    String ini = PgBouncerConfig.render(env, FILES, "1.18.0");
    assertThat(PgBouncerConfig.keys(ini)).doesNotContain("auth_dbname", "max_prepared_statements");
    assertThat(ini).contains("stats_users = robot_zmon,monitor\n");
    assertThat(PgBouncerConfig.atLeast("1.19.0", 1, 19)).isTrue();
    assertThat(PgBouncerConfig.atLeast("1.21", 1, 21)).isTrue();
    assertThat(PgBouncerConfig.atLeast("2.0.0", 1, 21)).isTrue();
    assertThat(PgBouncerConfig.atLeast(null, 1, 19)).isFalse();
  }

  @Test
  void userlistAndRequiredVariables() throws Exception {
    Map<String, String> env = PoolerEnv.of("h", "5432");
    env.put("PGPASSWORD", "p\"w");
    assertThat(PgBouncerConfig.userlist(env)).isEqualTo("\"pooler\" \"p\"\"w\"\n");
    env.remove("PGHOST");
    assertThatThrownBy(() -> PgBouncerConfig.render(env, FILES, "1.18.0"))
        .isInstanceOf(ImageException.class)
        .hasMessage("the pooler container has no PGHOST");
  }
}
