package io.tusk.sql.plan;

import static io.tusk.sql.plan.Catalogs.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.spec.roles.RoleOrigin;
import io.tusk.sql.DatabaseDesiredState;
import io.tusk.sql.Problem;
import io.tusk.sql.SyncOptions;
import io.tusk.sql.model.DesiredPreparedDatabase;
import io.tusk.sql.model.DesiredPreparedSchema;
import io.tusk.sql.model.DesiredRole;
import io.tusk.sql.model.PasswordSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidatorTest {

  private static List<String> problems(DatabaseDesiredState state) {
    return Validator.validate(state, SyncOptions.defaults()).stream()
        .map(Problem::toString)
        .toList();
  }

  private static DesiredRole manifest(String name) {
    return DesiredRole.builder(name, RoleOrigin.MANIFEST).build();
  }

  @Test
  void aValidStateHasNoProblems() {
    assertThat(
            problems(
                DatabaseDesiredState.builder()
                    .role(manifest("app"))
                    .role(DesiredRole.builder("postgres", RoleOrigin.SYSTEM).build())
                    .role(manifest("ns.app-user"))
                    .role(DesiredRole.builder("Jane.Doe", RoleOrigin.TEAMS_API).build())
                    .database("app_db", "app")
                    .preparedDatabase(
                        new DesiredPreparedDatabase(
                            "foo", true, Map.of(), Map.of("pgcrypto", "data")))
                    .build()))
        .isEmpty();
  }

  @Test
  void namesEachBadRole() {
    assertThat(
            problems(
                DatabaseDesiredState.builder()
                    .role(manifest("UPPER"))
                    .role(manifest("pg_sneaky"))
                    .role(manifest("x".repeat(64)))
                    .role(DesiredRole.builder("public", RoleOrigin.TEAMS_API).build())
                    .role(manifest("flags").toBuilder().flags("login", "nologin").build())
                    .role(manifest("cron_admin"))
                    .role(DesiredRole.builder("pooler", RoleOrigin.CONNECTION_POOLER).build())
                    .role(DesiredRole.builder("pooler", RoleOrigin.INFRASTRUCTURE).build())
                    .role(manifest("badparam").toBuilder().parameter("bad name", "x").build())
                    .role(
                        manifest("badhash").toBuilder()
                            .password(PasswordSpec.hashed("plain"))
                            .build())
                    .build()))
        .anyMatch(p -> p.startsWith("role \"UPPER\": invalid user name"))
        .anyMatch(p -> p.startsWith("role \"pg_sneaky\": ") && p.contains("reserved"))
        .anyMatch(p -> p.contains("longer than 63 bytes"))
        .anyMatch(p -> p.startsWith("role \"public\": ") && p.contains("reserved"))
        .anyMatch(p -> p.startsWith("role \"flags\": conflicting user flags"))
        .anyMatch(
            p ->
                p.startsWith(
                    "role \"cron_admin\": manifest role collides with the" + " protected role"))
        .anyMatch(p -> p.startsWith("role \"pooler\": the role is wanted twice"))
        .anyMatch(p -> p.startsWith("role \"badparam\": invalid setting name"))
        .anyMatch(p -> p.startsWith("role \"badhash\": the hashed password"));
  }

  @Test
  void systemRoleCollisionsAreNamed() {
    assertThat(
            problems(
                DatabaseDesiredState.builder()
                    .role(DesiredRole.builder("standby", RoleOrigin.SYSTEM).build())
                    .role(DesiredRole.builder("standby", RoleOrigin.BOOTSTRAP).build())
                    .build()))
        .contains("role \"standby\": the role is wanted twice");
  }

  @Test
  void databasesAndPreparedDatabases() {
    assertThat(
            problems(
                DatabaseDesiredState.builder()
                    .database("bad-name", "x")
                    .database("template1", "x")
                    .preparedDatabase(
                        new DesiredPreparedDatabase(
                            "p",
                            false,
                            Map.of("bad schema", DesiredPreparedSchema.defaults()),
                            Map.of("ext", "")))
                    .preparedDatabase(
                        new DesiredPreparedDatabase("d".repeat(55), true, Map.of(), Map.of()))
                    .build()))
        .anyMatch(p -> p.startsWith("database \"bad-name\": invalid database name"))
        .anyMatch(p -> p.startsWith("database \"template1\": template databases"))
        .anyMatch(p -> p.startsWith("schema \"bad schema\" in database \"p\": invalid schema"))
        .anyMatch(p -> p.startsWith("extension \"ext\" in database \"p\": no schema"))
        .anyMatch(p -> p.contains("_owner_user\": role name of prepared database"));
  }

  @Test
  void ownersMustExistSomewhere() {
    DatabaseDesiredState state =
        DatabaseDesiredState.builder()
            .role(manifest("wanted"))
            .database("a", "wanted")
            .database("b", "existing")
            .database("c", "nobody")
            .role(manifest("app250101").toBuilder().rotationOf("ghost").build())
            .build();

    assertThat(Validator.validateAgainst(state, catalog().role("existing", null).build()))
        .extracting(Problem::toString)
        .containsExactlyInAnyOrder(
            "database \"c\": owner \"nobody\" is neither a wanted role nor an existing one",
            "role \"app250101\": rotated role \"ghost\" does not exist");
  }
}
