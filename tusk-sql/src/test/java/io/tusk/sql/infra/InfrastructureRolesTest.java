package io.tusk.sql.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tusk.spec.roles.RoleOrigin;
import io.tusk.sql.model.DesiredRole;
import io.tusk.sql.model.PasswordSpec;
import io.tusk.sql.testing.ReferenceManifests;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Infrastructure roles from the upstream example Secrets and ConfigMap. */
class InfrastructureRolesTest {

  private static Map<String, DesiredRole> byName(List<DesiredRole> roles) {
    return roles.stream().collect(Collectors.toMap(DesiredRole::name, r -> r));
  }

  @Test
  void oldFormatSecretWithTheConfigMapOfTheSameName() {
    InfrastructureRoles.Result r =
        InfrastructureRoles.read(
            InfrastructureRoles.Definition.legacy("postgresql-infrastructure-roles"),
            ReferenceManifests.secretData("infrastructure-roles.yaml"),
            ReferenceManifests.configMapData("infrastructure-roles-configmap.yaml"));
    Map<String, DesiredRole> roles = byName(r.roles());

    assertThat(roles.keySet())
        .containsExactlyInAnyOrder("robot_zmon_acid_monitoring", "testuser", "batman");
    DesiredRole zmon = roles.get("robot_zmon_acid_monitoring");
    assertThat(zmon.origin()).isEqualTo(RoleOrigin.INFRASTRUCTURE);
    assertThat(zmon.password()).isEqualTo(PasswordSpec.plain("foobar"));
    assertThat(zmon.memberOf()).containsExactly("robot_zmon");
    assertThat(roles.get("testuser").password()).isEqualTo(PasswordSpec.plain("testpassword"));
    assertThat(roles.get("testuser").memberOf()).isEmpty();
    DesiredRole batman = roles.get("batman");
    assertThat(batman.password()).isEqualTo(PasswordSpec.plain("justice"));
    assertThat(batman.memberOf()).containsExactly("admin");
    assertThat(batman.flags()).containsExactly("createdb");
    assertThat(batman.parameters()).containsEntry("log_statement", "all");
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void newFormatSecret() {
    InfrastructureRoles.Result r =
        InfrastructureRoles.read(
            new InfrastructureRoles.Definition(
                "postgresql-infrastructure-roles-new",
                "user",
                "password",
                "inrole",
                "",
                "robot_zmon",
                "",
                false),
            ReferenceManifests.secretData("infrastructure-roles-new.yaml"),
            null);

    assertThat(r.roles())
        .singleElement()
        .satisfies(
            role -> {
              assertThat(role.name()).isEqualTo("robot_zmon_acid_monitoring_new");
              assertThat(role.password()).isEqualTo(PasswordSpec.plain("foobar_new"));
              assertThat(role.memberOf()).containsExactly("robot_zmon");
            });
  }

  @Test
  void defaultUserValueAndDetails() {
    InfrastructureRoles.Result r =
        InfrastructureRoles.read(
            new InfrastructureRoles.Definition(
                "s", "user", "password", "inrole", "monitor", "", "details", false),
            Map.of(
                "password",
                "pw",
                "details",
                "inrole: [metrics]\nuser_flags: [nologin]\ndb_parameters:\n  work_mem: 4MB\n"),
            null);

    assertThat(r.roles())
        .singleElement()
        .satisfies(
            role -> {
              assertThat(role.name()).isEqualTo("monitor");
              assertThat(role.memberOf()).containsExactly("metrics");
              assertThat(role.flags()).containsExactly("nologin");
              assertThat(role.parameters()).containsEntry("work_mem", "4MB");
            });
  }

  @Test
  void incompleteRolesAreSkippedWithAWarning() {
    InfrastructureRoles.Result noPassword =
        InfrastructureRoles.read(
            new InfrastructureRoles.Definition("s", "user", "password", "", "", "", "", false),
            Map.of("user", "someone"),
            null);
    InfrastructureRoles.Result template =
        InfrastructureRoles.read(
            InfrastructureRoles.Definition.legacy("s"),
            Map.of("user1", "a", "password1", "x", "user2", "b", "user4", "unreachable"),
            null);

    assertThat(noPassword.roles()).isEmpty();
    assertThat(noPassword.warnings()).singleElement().asString().contains("no password");
    assertThat(template.roles()).extracting(DesiredRole::name).containsExactly("a");
    assertThat(template.warnings()).singleElement().asString().contains("\"b\"");
  }

  @Test
  void laterDefinitionsWinAndBrokenYamlIsAnError() {
    InfrastructureRoles.Result merged =
        InfrastructureRoles.merge(
            List.of(
                new InfrastructureRoles.Result(
                    List.of(
                        DesiredRole.builder("r", RoleOrigin.INFRASTRUCTURE)
                            .password("one")
                            .build()),
                    List.of()),
                new InfrastructureRoles.Result(
                    List.of(
                        DesiredRole.builder("r", RoleOrigin.INFRASTRUCTURE)
                            .password("two")
                            .build()),
                    List.of())));

    assertThat(merged.roles())
        .singleElement()
        .satisfies(x -> assertThat(x.password()).isEqualTo(PasswordSpec.plain("two")));
    assertThat(merged.warnings()).singleElement().asString().contains("conflicting");
    assertThatThrownBy(
            () ->
                InfrastructureRoles.read(
                    InfrastructureRoles.Definition.legacy("s"),
                    Map.of("batman", "pw"),
                    Map.of("batman", "inrole: [unclosed")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("could not decode");
  }
}
