package io.tusk.spec.roles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tusk.api.acid.v1.ConnectionPooler;
import io.tusk.api.acid.v1.PreparedDatabase;
import io.tusk.api.acid.v1.Stream;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.Fixtures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The one derivation of a cluster's roles (Zalando's cluster.go#initUsers). */
class ClusterRolesTest {

  private static Map<String, ClusterRole> byName(ClusterRoles roles) {
    return roles.roles().stream().collect(Collectors.toMap(ClusterRole::name, Function.identity()));
  }

  @Test
  void systemUsersFirstThenPreparedAndManifestRolesWithTheirSecrets() {
    ClusterRoles roles =
        ClusterRoles.of(
            Fixtures.cluster(
                s -> {
                  Map<String, List<String>> users = new LinkedHashMap<>();
                  users.put("zalando", List.of("superuser", "createdb"));
                  users.put("reader", List.of("NOLOGIN"));
                  s.setUsers(users);
                  s.setDatabases(Map.of("foo", "zalando"));
                  PreparedDatabase bar = new PreparedDatabase();
                  bar.setDefaultUsers(true);
                  s.setPreparedDatabases(Map.of("bar", bar));
                  s.setEnableConnectionPooler(true);
                  s.setStreams(List.of(new Stream()));
                }),
            Fixtures.config(Options.ADDITIONAL_OWNER_ROLES, List.of("cron_admin")));

    assertThat(roles.roles().subList(0, 4))
        .extracting(ClusterRole::name, ClusterRole::origin)
        .containsExactly(
            tuple("postgres", RoleOrigin.SYSTEM),
            tuple("standby", RoleOrigin.SYSTEM),
            tuple("pooler", RoleOrigin.CONNECTION_POOLER),
            tuple("fes_user", RoleOrigin.STREAM));
    assertThat(roles.systemNames()).containsExactly("postgres", "standby", "pooler", "fes_user");
    assertThat(roles.poolerUser()).isEqualTo("pooler");
    assertThat(roles.poolerSchema()).isEqualTo("pooler");
    Map<String, ClusterRole> all = byName(roles);
    assertThat(all.get("fes_user").flags()).containsExactly("LOGIN", "REPLICATION");
    ClusterRole zalando = all.get("zalando");
    assertThat(zalando.flags()).containsExactly("superuser", "createdb");
    assertThat(zalando.adminRole()).isEqualTo("admin");
    assertThat(zalando.dbOwner()).isTrue();
    assertThat(zalando.memberOf()).containsExactly("cron_admin");
    assertThat(all.get("bar_owner_user").memberOf()).containsExactly("bar_owner", "cron_admin");
    assertThat(all.get("bar_reader").memberOf()).isEmpty();
    // Secrets: system users, login manifest users and the _user roles; no NOLOGIN role.
    assertThat(roles.withSecrets())
        .extracting(ClusterRole::name)
        .containsExactly(
            "postgres",
            "standby",
            "pooler",
            "fes_user",
            "bar_owner_user",
            "bar_reader_user",
            "bar_writer_user",
            "zalando");
    assertThat(roles.withSecrets()).allMatch(r -> r.secretNamespace().equals("default"));
    assertThat(roles.problems()).isEmpty();
  }

  @Test
  void manifestUsersNamedLikeProtectedOrSystemRolesAreProblemsNamingTheField() {
    ClusterRoles roles =
        ClusterRoles.of(
            Fixtures.cluster(
                s -> {
                  s.setUsers(
                      Map.of(
                          "admin", List.of(),
                          "standby", List.of(),
                          "bouncer", List.of(),
                          "Bad", List.of(),
                          "flaggy", List.of("login", "nologin")));
                  ConnectionPooler pooler = new ConnectionPooler();
                  pooler.setUser("bouncer");
                  s.setConnectionPooler(pooler);
                }),
            Fixtures.config());

    assertThat(roles.problems())
        .extracting(ClusterRoles.Problem::field, ClusterRoles.Problem::reason)
        .containsExactlyInAnyOrder(
            tuple(
                "spec.users.admin",
                "manifest role collides with the protected role \"admin\" (protected_role_names)"),
            tuple("spec.users.standby", "manifest role collides with the system role \"standby\""),
            tuple("spec.users.bouncer", "manifest role collides with the system role \"bouncer\""),
            tuple("spec.users.Bad", "invalid username: \"Bad\""),
            tuple(
                "spec.users.flaggy",
                "invalid flags for user \"flaggy\": conflicting user flags: \"NOLOGIN\" and"
                    + " \"LOGIN\""));
    assertThat(byName(roles)).doesNotContainKeys("admin", "Bad", "flaggy");
    assertThat(byName(roles).get("bouncer").origin()).isEqualTo(RoleOrigin.CONNECTION_POOLER);
  }

  @Test
  void poolerUserFallsBackWhenTheManifestNamesTheSuperuser() {
    ConnectionPooler pooler = new ConnectionPooler();
    pooler.setUser("postgres");
    pooler.setSchema("bouncer");
    ClusterRoles roles =
        ClusterRoles.of(Fixtures.cluster(s -> s.setConnectionPooler(pooler)), Fixtures.config());
    assertThat(roles.poolerUser()).isEqualTo("pooler");
    assertThat(roles.poolerSchema()).isEqualTo("bouncer");
    assertThat(roles.warnings())
        .containsExactly("cannot use \"postgres\" as connection pooler role; using \"pooler\"");
    assertThat(ClusterRoles.of(Fixtures.cluster(), Fixtures.config()).poolerUser()).isNull();
  }

  @Test
  void inputsMergeByOriginAndTeamMembersAvoidReservedNames() {
    OperatorConfig config = Fixtures.config(Options.ENABLE_CROSS_NAMESPACE_SECRET, true);
    ClusterRole infra = ClusterRole.of("robot", RoleOrigin.INFRASTRUCTURE, List.of("LOGIN"));
    ClusterRole member = ClusterRole.of("jdoe", RoleOrigin.TEAMS_API, List.of("LOGIN"));
    ClusterRole robotMember = ClusterRole.of("robot", RoleOrigin.TEAMS_API, List.of("LOGIN"));
    ClusterRole reserved = ClusterRole.of("postgres", RoleOrigin.TEAMS_API, List.of("LOGIN"));
    ClusterRoles roles =
        ClusterRoles.of(
            Fixtures.cluster(s -> s.setUsers(Map.of("apps.robot", List.of(), "jdoe", List.of()))),
            config,
            new ClusterRoles.Inputs(List.of(infra), List.of(member, robotMember, reserved)));

    Map<String, ClusterRole> all = byName(roles);
    // The team member beats the infrastructure role and the manifest user of the same name.
    assertThat(all.get("robot").origin()).isEqualTo(RoleOrigin.TEAMS_API);
    assertThat(all.get("robot").hasSecret()).isFalse();
    assertThat(all.get("jdoe").origin()).isEqualTo(RoleOrigin.TEAMS_API);
    assertThat(all.get("postgres").origin()).isEqualTo(RoleOrigin.SYSTEM);
    assertThat(all.get("apps.robot").secretNamespace()).isEqualTo("apps");
    assertThat(roles.warnings())
        .containsExactly(
            "cannot initialize a new API role with the name of the protected or system role"
                + " \"postgres\"");
    // An infrastructure role named like a protected role is a problem without a manifest field.
    ClusterRoles bad =
        ClusterRoles.of(
            Fixtures.cluster(),
            config,
            new ClusterRoles.Inputs(
                List.of(ClusterRole.of("admin", RoleOrigin.INFRASTRUCTURE, List.of())), List.of()));
    assertThat(bad.problems())
        .containsExactly(
            new ClusterRoles.Problem(
                "admin",
                null,
                "infrastructure role collides with the protected role \"admin\""
                    + " (protected_role_names)"));
  }

  @Test
  void anEmptyPreparedDatabasesMapMeansTheClusterDatabase() {
    ClusterRoles roles =
        ClusterRoles.of(Fixtures.cluster(s -> s.setPreparedDatabases(Map.of())), Fixtures.config());
    assertThat(roles.roles())
        .extracting(ClusterRole::name)
        .contains(
            "acid_test_cluster_owner",
            "acid_test_cluster_data_owner",
            "acid_test_cluster_data_writer");
    assertThat(roles.withSecrets()).extracting(ClusterRole::name).hasSize(2);
  }
}
