package io.tusk.sql.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.spec.roles.RoleOrigin;
import io.tusk.sql.DatabaseDesiredState;
import io.tusk.sql.Effect;
import io.tusk.sql.SyncOptions;
import io.tusk.sql.SyncResult;
import io.tusk.sql.model.DesiredPreparedDatabase;
import io.tusk.sql.model.DesiredPreparedSchema;
import io.tusk.sql.model.DesiredRole;
import io.tusk.sql.model.PoolerLookup;
import io.tusk.sql.model.PreparedRoles;
import io.tusk.sql.testing.PostgresTestSupport;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Databases, prepared databases and the pooler lookup function against a real server. */
class DatabaseSyncIT extends PostgresTestSupport {

  private static final SyncOptions OPTIONS = SyncOptions.defaults();

  private static DatabaseDesiredState.Builder withPrepared(DesiredPreparedDatabase... dbs) {
    DatabaseDesiredState.Builder b = DatabaseDesiredState.builder();
    for (DesiredPreparedDatabase db : dbs) {
      b.preparedDatabase(db);
      for (DesiredRole r : PreparedRoles.rolesFor(db, PreparedRoles.DEFAULT_ADMIN)) {
        if (r.name().endsWith(PreparedRoles.USER)) {
          r = r.toBuilder().password("pw-" + r.name()).build();
        }
        b.role(r);
      }
    }
    return b;
  }

  @Test
  void createsDatabasesAndChangesTheirOwner() throws Exception {
    DatabaseDesiredState v1 =
        DatabaseDesiredState.builder()
            .role(DesiredRole.builder("app_owner", RoleOrigin.MANIFEST).build())
            .role(DesiredRole.builder("new_owner", RoleOrigin.MANIFEST).build())
            .database("appdb", "app_owner")
            .build();

    SyncResult first = sync(v1, OPTIONS);

    assertThat(first.errors()).isEmpty();
    assertThat(first.createdDatabases()).containsExactly("appdb");
    assertThat(
            scalar(
                "postgres",
                "SELECT pg_get_userbyid(datdba) FROM pg_database" + " WHERE datname = 'appdb'"))
        .isEqualTo("app_owner");
    assertThat(ddlOfSecondSync(v1, OPTIONS)).isEmpty();

    DatabaseDesiredState v2 =
        DatabaseDesiredState.builder()
            .role(DesiredRole.builder("app_owner", RoleOrigin.MANIFEST).build())
            .role(DesiredRole.builder("new_owner", RoleOrigin.MANIFEST).build())
            .database("appdb", "new_owner")
            .build();
    SyncResult second = sync(v2, OPTIONS);
    assertThat(second.statements())
        .extracting(s -> s.sql())
        .containsExactly("ALTER DATABASE \"appdb\" OWNER TO \"new_owner\"");
    assertThat(second.effects())
        .extracting(Effect::kind)
        .containsExactly(Effect.Kind.DATABASE_OWNER_CHANGED);
    assertThat(
            scalar(
                "postgres",
                "SELECT pg_get_userbyid(datdba) FROM pg_database" + " WHERE datname = 'appdb'"))
        .isEqualTo("new_owner");
    assertThat(ddlOfSecondSync(v2, OPTIONS)).isEmpty();
  }

  @Test
  void preparesADatabaseWithDefaultSchemaRolesAndPrivileges() throws Exception {
    pg.execute("postgres", "CREATE ROLE admin NOLOGIN");
    DesiredPreparedDatabase foo = new DesiredPreparedDatabase("foo", true, Map.of(), Map.of());
    DatabaseDesiredState state = withPrepared(foo).build();

    SyncResult result = sync(state, OPTIONS);

    assertThat(result.errors()).isEmpty();
    assertThat(result.warnings()).isEmpty();
    assertThat(result.createdRoles())
        .containsExactlyInAnyOrder(
            "foo_owner",
            "foo_reader",
            "foo_writer",
            "foo_owner_user",
            "foo_reader_user",
            "foo_writer_user",
            "foo_data_owner",
            "foo_data_reader",
            "foo_data_writer");
    assertThat(
            scalar(
                "postgres",
                "SELECT pg_get_userbyid(datdba) FROM pg_database" + " WHERE datname = 'foo'"))
        .isEqualTo("foo_owner");
    assertThat(
            scalar(
                "foo",
                "SELECT pg_get_userbyid(nspowner) FROM pg_namespace" + " WHERE nspname = 'data'"))
        .isEqualTo("foo_data_owner");
    assertThat(
            column(
                "postgres",
                "SELECT rolname FROM pg_roles WHERE rolname LIKE 'foo%'"
                    + " AND rolcanlogin ORDER BY 1"))
        .containsExactly("foo_owner_user", "foo_reader_user", "foo_writer_user");
    assertThat(canLogin("foo_writer_user", "pw-foo_writer_user")).isTrue();
    assertThat(
            column(
                "postgres",
                "SELECT unnest(setconfig) FROM pg_db_role_setting s"
                    + " JOIN pg_roles r ON r.oid = s.setrole WHERE r.rolname = 'foo_reader'"))
        .containsExactly("search_path=\"$user\", data");
    // Writer role inherits the reader role; admin administers the owner.
    assertThat(memberships("foo_writer")).containsExactly("foo_reader");
    assertThat(memberships("foo_writer_user")).containsExactly("foo_writer");
    assertThat(
            scalar(
                "postgres",
                "SELECT m.admin_option FROM pg_auth_members m"
                    + " JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles a ON a.oid = m.member"
                    + " WHERE r.rolname = 'foo_owner' AND a.rolname = 'admin'"))
        .isEqualTo("t");

    // What the privileges are for: a table the schema owner creates is readable by the reader
    // users and writable by the writer users, without further grants.
    try (Connection c = pg.connect("foo");
        Statement st = c.createStatement()) {
      st.execute("SET ROLE foo_data_owner");
      st.execute("CREATE TABLE data.t (id serial PRIMARY KEY, v text)");
      st.execute("SET ROLE foo_owner");
      st.execute("CREATE TABLE public.g (v text)");
    }
    try (Connection c = pg.connect("foo", "foo_writer_user", "pw-foo_writer_user");
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO data.t (v) VALUES ('written')");
      st.execute("INSERT INTO public.g (v) VALUES ('global')");
    }
    try (Connection c = pg.connect("foo", "foo_reader_user", "pw-foo_reader_user");
        Statement st = c.createStatement()) {
      // search_path "$user", data finds data.t unqualified
      try (var rs = st.executeQuery("SELECT v FROM t")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("written");
      }
      assertThat(failsWith(st, "INSERT INTO data.t (v) VALUES ('no')")).contains("permission");
    }

    assertThat(ddlOfSecondSync(state, OPTIONS)).isEmpty();
  }

  @Test
  void preparedSchemasExtensionsAndSchemaUsers() throws Exception {
    pg.execute("postgres", "CREATE ROLE admin NOLOGIN");
    DesiredPreparedDatabase shop =
        new DesiredPreparedDatabase(
            "shop",
            false,
            Map.of(
                "orders",
                new DesiredPreparedSchema(true, true),
                "history",
                new DesiredPreparedSchema(false, false)),
            Map.of("pg_trgm", "orders", "hstore", "public"));
    DatabaseDesiredState state = withPrepared(shop).build();

    SyncResult result = sync(state, OPTIONS);

    assertThat(result.errors()).isEmpty();
    assertThat(
            column(
                "shop",
                "SELECT nspname || ':' || pg_get_userbyid(nspowner)"
                    + " FROM pg_namespace WHERE nspname IN ('orders', 'history', 'data') ORDER BY 1"))
        .containsExactly("history:shop_owner", "orders:shop_orders_owner");
    assertThat(
            column(
                "shop",
                "SELECT extname || ':' || extnamespace::regnamespace"
                    + " FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1"))
        .containsExactly("hstore:public", "pg_trgm:orders");
    assertThat(
            column(
                "postgres",
                "SELECT rolname FROM pg_roles WHERE rolname LIKE 'shop%'" + " ORDER BY 1"))
        .containsExactly(
            "shop_orders_owner",
            "shop_orders_owner_user",
            "shop_orders_reader",
            "shop_orders_reader_user",
            "shop_orders_writer",
            "shop_orders_writer_user",
            "shop_owner",
            "shop_reader",
            "shop_writer");
    assertThat(
            column(
                "postgres",
                "SELECT unnest(setconfig) FROM pg_db_role_setting s"
                    + " JOIN pg_roles r ON r.oid = s.setrole WHERE r.rolname = 'shop_owner'"))
        .containsExactly("search_path=\"$user\", history, orders");
    assertThat(ddlOfSecondSync(state, OPTIONS)).isEmpty();

    // An extension moved to another schema is moved.
    DesiredPreparedDatabase moved =
        new DesiredPreparedDatabase(
            "shop",
            false,
            Map.of(
                "orders",
                new DesiredPreparedSchema(true, true),
                "history",
                new DesiredPreparedSchema(false, false)),
            Map.of("pg_trgm", "history", "hstore", "public"));
    SyncResult move = sync(withPrepared(moved).build(), OPTIONS);
    assertThat(move.statements())
        .extracting(s -> s.sql())
        .containsExactly("ALTER EXTENSION \"pg_trgm\" SET SCHEMA \"history\"");
  }

  @Test
  void repairsDefaultPrivilegesThatWentMissing() throws Exception {
    pg.execute("postgres", "CREATE ROLE admin NOLOGIN");
    DesiredPreparedDatabase db = new DesiredPreparedDatabase("repair", false, Map.of(), Map.of());
    DatabaseDesiredState state = withPrepared(db).build();
    sync(state, OPTIONS);
    pg.execute(
        "repair",
        "ALTER DEFAULT PRIVILEGES FOR ROLE repair_owner REVOKE SELECT ON TABLES FROM repair_reader",
        "REVOKE USAGE ON SCHEMA data FROM repair_writer");

    SyncResult result = sync(state, OPTIONS);

    assertThat(result.statements())
        .extracting(s -> s.sql())
        .containsExactlyInAnyOrder(
            "GRANT USAGE ON SCHEMA \"data\" TO \"repair_writer\"",
            "ALTER DEFAULT PRIVILEGES FOR ROLE \"repair_owner\" GRANT SELECT ON TABLES TO"
                + " \"repair_reader\"");
    assertThat(ddlOfSecondSync(state, OPTIONS)).isEmpty();
  }

  @Test
  void emptyPreparedDatabasesCreateTheClusterDatabase() throws Exception {
    pg.execute("postgres", "CREATE ROLE admin NOLOGIN");
    DesiredPreparedDatabase db = DesiredPreparedDatabase.forCluster("acid-minimal-cluster");
    SyncResult result = sync(withPrepared(db).build(), OPTIONS);

    assertThat(db.name()).isEqualTo("acid_minimal_cluster");
    assertThat(result.createdDatabases()).containsExactly("acid_minimal_cluster");
    assertThat(
            scalar(
                "acid_minimal_cluster",
                "SELECT pg_get_userbyid(nspowner)" + " FROM pg_namespace WHERE nspname = 'data'"))
        .isEqualTo("acid_minimal_cluster_data_owner");
  }

  @Test
  void installsThePoolerLookupFunctionInEveryDatabase() throws Exception {
    DatabaseDesiredState state =
        DatabaseDesiredState.builder()
            .role(
                DesiredRole.builder("pooler", RoleOrigin.CONNECTION_POOLER)
                    .password("pool-pw")
                    .build())
            .role(DesiredRole.builder("owner1", RoleOrigin.MANIFEST).build())
            .role(DesiredRole.builder("lookedup", RoleOrigin.MANIFEST).password("hello").build())
            .database("db1", "owner1")
            .poolerLookup(new PoolerLookup("pooler", "pooler"))
            .build();

    SyncResult result = sync(state, OPTIONS);

    assertThat(result.errors()).isEmpty();
    assertThat(result.names(Effect.Kind.POOLER_LOOKUP_INSTALLED)).containsExactly("pooler");
    assertThat(
            result.effects().stream()
                .filter(e -> e.kind() == Effect.Kind.POOLER_LOOKUP_INSTALLED)
                .map(e -> e.subject().database()))
        .containsExactlyInAnyOrder("postgres", "db1");
    try (Connection c = pg.connect("db1", "pooler", "pool-pw");
        Statement st = c.createStatement();
        var rs = st.executeQuery("SELECT uname, phash FROM pooler.user_lookup('lookedup')")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("lookedup");
      assertThat(rs.getString(2)).startsWith("SCRAM-SHA-256$");
    }
    try (Connection c = pg.connect("db1", "lookedup", "hello");
        Statement st = c.createStatement()) {
      assertThat(failsWith(st, "SELECT * FROM pooler.user_lookup('postgres')"))
          .contains("permission denied");
    }
    assertThat(ddlOfSecondSync(state, OPTIONS)).isEmpty();
  }

  private static List<String> memberships(String role) throws Exception {
    return column(
        "postgres",
        "SELECT r.rolname FROM pg_auth_members m"
            + " JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member"
            + " WHERE u.rolname = '"
            + role
            + "' ORDER BY 1");
  }

  private static String failsWith(Statement st, String sql) {
    try {
      st.execute(sql);
      return "no error";
    } catch (java.sql.SQLException e) {
      return e.getMessage();
    }
  }
}
