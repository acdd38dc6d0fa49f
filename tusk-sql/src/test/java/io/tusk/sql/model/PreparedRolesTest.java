package io.tusk.sql.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.spec.roles.RoleOrigin;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The roles Zalando's initPreparedDatabaseRoles creates, for the same inputs. */
class PreparedRolesTest {

  private static Map<String, DesiredRole> byName(List<DesiredRole> roles) {
    return roles.stream().collect(Collectors.toMap(DesiredRole::name, r -> r));
  }

  @Test
  void databaseRolesDefaultSchemaAndNoUsers() {
    Map<String, DesiredRole> roles =
        byName(
            PreparedRoles.rolesFor(
                new DesiredPreparedDatabase("foo", false, Map.of(), Map.of()), "admin"));

    assertThat(roles.keySet())
        .containsExactlyInAnyOrder(
            "foo_owner",
            "foo_reader",
            "foo_writer",
            "foo_data_owner",
            "foo_data_reader",
            "foo_data_writer");
    DesiredRole owner = roles.get("foo_owner");
    assertThat(owner.flags()).containsExactly("NOLOGIN");
    assertThat(owner.adminRole()).isEqualTo("admin");
    assertThat(owner.dbOwner()).isTrue();
    assertThat(owner.memberOf()).isEmpty();
    assertThat(owner.parameters()).containsExactly(Map.entry("search_path", "\"$user\", \"data\""));
    assertThat(owner.origin()).isEqualTo(RoleOrigin.BOOTSTRAP);
    assertThat(roles.get("foo_reader").adminRole()).isEqualTo("foo_owner");
    assertThat(roles.get("foo_writer").memberOf()).containsExactly("foo_reader");
    DesiredRole schemaOwner = roles.get("foo_data_owner");
    assertThat(schemaOwner.adminRole()).isEqualTo("foo_owner");
    assertThat(schemaOwner.dbOwner()).isTrue();
    assertThat(roles.get("foo_data_writer").memberOf()).containsExactly("foo_data_reader");
    assertThat(roles.get("foo_data_writer").adminRole()).isEqualTo("foo_data_owner");
    assertThat(roles.get("foo_data_reader").parameters())
        .containsEntry("search_path", "\"$user\", \"data\"");
  }

  @Test
  void usersAndSchemasAsInTheCompleteManifest() {
    DesiredPreparedDatabase bar =
        new DesiredPreparedDatabase(
            "bar",
            true,
            Map.of(
                "data",
                new DesiredPreparedSchema(true, false),
                "history",
                new DesiredPreparedSchema(true, false)),
            Map.of("pgcrypto", "public"));
    Map<String, DesiredRole> roles = byName(PreparedRoles.rolesFor(bar, "admin"));

    assertThat(roles.keySet())
        .containsExactlyInAnyOrder(
            "bar_owner",
            "bar_reader",
            "bar_writer",
            "bar_owner_user",
            "bar_reader_user",
            "bar_writer_user",
            "bar_data_owner",
            "bar_data_reader",
            "bar_data_writer",
            "bar_history_owner",
            "bar_history_reader",
            "bar_history_writer");
    DesiredRole ownerUser = roles.get("bar_owner_user");
    assertThat(ownerUser.flags()).containsExactly("LOGIN");
    assertThat(ownerUser.memberOf()).containsExactly("bar_owner");
    assertThat(ownerUser.adminRole()).isEqualTo("admin");
    assertThat(ownerUser.dbOwner()).isTrue();
    assertThat(roles.get("bar_writer_user").memberOf()).containsExactly("bar_writer");
    assertThat(roles.get("bar_writer_user").adminRole()).isEqualTo("bar_owner");
    assertThat(roles.get("bar_owner").parameters())
        .containsEntry("search_path", "\"$user\", \"data\", \"history\"");
    assertThat(roles.get("bar_history_owner").parameters())
        .containsEntry("search_path", "\"$user\", \"history\"");
  }

  @Test
  void schemasWithoutDefaultRolesGetNone() {
    List<DesiredRole> roles =
        PreparedRoles.rolesFor(
            new DesiredPreparedDatabase(
                "x", false, Map.of("plain", new DesiredPreparedSchema(false, true)), Map.of()),
            "admin");

    assertThat(roles)
        .extracting(DesiredRole::name)
        .containsExactly("x_owner", "x_reader", "x_writer");
  }

  @Test
  void theClusterDatabaseReplacesDashes() {
    assertThat(DesiredPreparedDatabase.forCluster("acid-test-cluster").name())
        .isEqualTo("acid_test_cluster");
    assertThat(DesiredPreparedDatabase.forCluster("acid-test-cluster").schemas())
        .containsOnlyKeys("data");
  }
}
