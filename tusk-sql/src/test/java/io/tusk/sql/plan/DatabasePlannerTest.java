package io.tusk.sql.plan;

import static io.tusk.sql.plan.Catalogs.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.sql.DatabaseDesiredState;
import io.tusk.sql.catalog.DatabaseCatalog;
import io.tusk.sql.catalog.DefaultAcl;
import io.tusk.sql.catalog.SchemaGrant;
import io.tusk.sql.model.DesiredPreparedDatabase;
import io.tusk.sql.model.DesiredPreparedSchema;
import io.tusk.sql.model.PoolerLookup;
import io.tusk.sql.statement.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatabasePlannerTest {

  private static List<String> sql(Plan plan) {
    return plan.changes().stream()
        .flatMap(c -> c.statements().stream())
        .map(Statement::display)
        .toList();
  }

  @Test
  void createsMissingDatabasesOutsideTransactionsAndFixesOwners() {
    DatabaseDesiredState state =
        DatabaseDesiredState.builder()
            .preparedDatabase(new DesiredPreparedDatabase("prep", false, Map.of(), Map.of()))
            .preparedDatabase(new DesiredPreparedDatabase("both", false, Map.of(), Map.of()))
            .database("both", "explicit_owner")
            .database("existing", "new_owner")
            .database("fine", "same")
            .build();

    Plan plan =
        DatabasePlanner.plan(
            state,
            catalog().database("existing", "old_owner", 0).database("fine", "same", 0).build());

    assertThat(sql(plan))
        .containsExactly(
            "CREATE DATABASE \"prep\" OWNER \"prep_owner\"",
            "CREATE DATABASE \"both\" OWNER \"explicit_owner\"",
            "ALTER DATABASE \"existing\" OWNER TO \"new_owner\"");
    assertThat(plan.changes()).noneMatch(Change::transactional);
  }

  @Test
  void aPreparedDatabaseOwnedBySomeoneElseIsLeftAsIs() {
    DatabaseDesiredState state =
        DatabaseDesiredState.builder()
            .preparedDatabase(new DesiredPreparedDatabase("prep", false, Map.of(), Map.of()))
            .build();

    assertThat(
            DatabasePlanner.plan(state, catalog().database("prep", "someone", 0).build()).changes())
        .isEmpty();
  }

  @Test
  void aNewPreparedDatabaseGetsSchemasPrivilegesAndExtensions() {
    DesiredPreparedDatabase db =
        new DesiredPreparedDatabase(
            "shop",
            true,
            Map.of("data", DesiredPreparedSchema.defaults()),
            Map.of("pgcrypto", "data"));
    Set<String> roles = new HashSet<>(PreparedRolesNames.of(db));

    Plan plan = DatabaseObjectsPlanner.plan(db, null, DatabaseCatalog.empty("shop"), roles);

    List<String> sql = sql(plan);
    assertThat(sql.get(0))
        .isEqualTo("CREATE SCHEMA IF NOT EXISTS \"data\" AUTHORIZATION \"shop_data_owner\"");
    assertThat(sql)
        .contains(
            "GRANT USAGE ON SCHEMA \"data\" TO \"shop_reader\"",
            "GRANT USAGE ON SCHEMA \"data\" TO \"shop_writer\"",
            "GRANT USAGE ON SCHEMA \"data\" TO \"shop_data_reader\"",
            "ALTER DEFAULT PRIVILEGES FOR ROLE \"shop_data_owner\" IN SCHEMA \"data\" GRANT SELECT"
                + " ON TABLES TO \"shop_reader\"",
            "ALTER DEFAULT PRIVILEGES FOR ROLE \"shop_owner_user\" IN SCHEMA \"data\" GRANT INSERT,"
                + " UPDATE, DELETE ON TABLES TO \"shop_data_writer\"",
            "ALTER DEFAULT PRIVILEGES FOR ROLE \"shop_owner\" GRANT USAGE ON SCHEMAS TO"
                + " \"shop_writer\"",
            "ALTER DEFAULT PRIVILEGES FOR ROLE \"shop_owner_user\" GRANT USAGE, UPDATE ON SEQUENCES"
                + " TO \"shop_writer\"",
            "CREATE EXTENSION IF NOT EXISTS \"pgcrypto\" SCHEMA \"data\"");
    assertThat(plan.changes()).allMatch(c -> "shop".equals(c.database()) && c.transactional());
    assertThat(plan.warnings()).isEmpty();
  }

  @Test
  void nothingWhenEverythingIsInPlace() {
    DesiredPreparedDatabase db =
        new DesiredPreparedDatabase("shop", false, Map.of(), Map.of("hstore", "data"));
    PreparedPrivileges.Expected expected = PreparedPrivileges.expected(db);
    DatabaseCatalog full =
        new DatabaseCatalog(
            "shop",
            Map.of("data", "shop_data_owner"),
            expected.schemaGrants(),
            expected.defaultAcls(),
            Map.of("hstore", "data"),
            true);

    assertThat(
            DatabaseObjectsPlanner.plan(
                    db,
                    new PoolerLookup("pooler", "pooler"),
                    full,
                    new HashSet<>(PreparedRolesNames.of(db)))
                .changes())
        .isEmpty();
  }

  @Test
  void onlyMissingGrantsAreIssued() {
    DesiredPreparedDatabase db = new DesiredPreparedDatabase("shop", false, Map.of(), Map.of());
    PreparedPrivileges.Expected expected = PreparedPrivileges.expected(db);
    Set<SchemaGrant> grants = new HashSet<>(expected.schemaGrants());
    grants.remove(new SchemaGrant("data", "shop_writer", "USAGE"));
    Set<DefaultAcl> acls = new HashSet<>(expected.defaultAcls());
    acls.remove(new DefaultAcl("shop_owner", null, 'r', "shop_writer", "DELETE"));
    acls.remove(new DefaultAcl("shop_owner", null, 'r', "shop_writer", "UPDATE"));

    Plan plan =
        DatabaseObjectsPlanner.plan(
            db,
            null,
            new DatabaseCatalog(
                "shop", Map.of("data", "shop_data_owner"), grants, acls, Map.of(), false),
            new HashSet<>(PreparedRolesNames.of(db)));

    assertThat(sql(plan))
        .containsExactly(
            "GRANT USAGE ON SCHEMA \"data\" TO \"shop_writer\"",
            "ALTER DEFAULT PRIVILEGES FOR ROLE \"shop_owner\" GRANT UPDATE, DELETE ON TABLES TO"
                + " \"shop_writer\"");
  }

  @Test
  void thePoolerLookupIsInstalledWhereMissing() {
    Plan plan =
        DatabaseObjectsPlanner.plan(
            null,
            new PoolerLookup("pooler", "pooler"),
            DatabaseCatalog.empty("app"),
            Set.of("pooler"));

    assertThat(sql(plan)).hasSize(5).first().isEqualTo("CREATE SCHEMA IF NOT EXISTS \"pooler\"");
    assertThat(sql(plan).get(1))
        .contains("\"pooler\".user_lookup(in i_username text")
        .contains("SECURITY DEFINER");
    assertThat(sql(plan))
        .contains(
            "REVOKE ALL ON FUNCTION \"pooler\".user_lookup(text) FROM PUBLIC, \"pooler\"",
            "GRANT EXECUTE ON FUNCTION \"pooler\".user_lookup(text) TO \"pooler\"");
  }

  /** Names of the roles a prepared database has. */
  static final class PreparedRolesNames {
    static List<String> of(DesiredPreparedDatabase db) {
      return io.tusk.sql.model.PreparedRoles.rolesFor(db, "admin").stream()
          .map(io.tusk.sql.model.DesiredRole::name)
          .toList();
    }
  }
}
