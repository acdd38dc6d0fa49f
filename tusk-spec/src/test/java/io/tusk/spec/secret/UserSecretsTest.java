package io.tusk.spec.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.tusk.api.acid.v1.ConnectionPooler;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.api.acid.v1.PreparedDatabase;
import io.tusk.api.acid.v1.PreparedSchema;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.Fixtures;
import io.tusk.spec.InvalidSpecException;
import io.tusk.spec.Observed;
import io.tusk.spec.PasswordSource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Credentials Secrets, following Zalando's cluster_test.go (TestInitRobotUsers,
 * TestCrossNamespacedSecrets, TestValidUsernames, TestInitSystemUsers, TestPreparedDatabases).
 */
class UserSecretsTest {

  private static final String SUFFIX = ".acid-test-cluster.credentials.postgresql.acid.zalan.do";

  private static List<Secret> secrets(OperatorConfig config, Consumer<PostgresSpec> spec) {
    return UserSecrets.build(Fixtures.model(Fixtures.cluster(spec), config));
  }

  private static List<String> names(List<Secret> secrets) {
    return secrets.stream().map(s -> s.getMetadata().getName()).toList();
  }

  private static String decode(Secret s, String key) {
    return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
  }

  private static Map<String, List<String>> users(Object... nameAndFlags) {
    Map<String, List<String>> users = new LinkedHashMap<>();
    for (int i = 0; i < nameAndFlags.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<String> flags = (List<String>) nameAndFlags[i + 1];
      users.put((String) nameAndFlags[i], flags);
    }
    return users;
  }

  @Test
  void systemUsersAlwaysGetSecrets() {
    List<Secret> secrets = secrets(Fixtures.config(), s -> {});
    assertThat(names(secrets)).containsExactly("postgres" + SUFFIX, "standby" + SUFFIX);
    Secret postgres = secrets.get(0);
    assertThat(postgres.getType()).isEqualTo("Opaque");
    assertThat(postgres.getMetadata().getNamespace()).isEqualTo("default");
    assertThat(postgres.getMetadata().getLabels())
        .isEqualTo(
            Map.of("application", "spilo", "cluster-name", "acid-test-cluster", "team", "acid"));
    assertThat(decode(postgres, "username")).isEqualTo("postgres");
    assertThat(decode(postgres, "password")).hasSize(64);
    assertThat(decode(secrets.get(1), "password")).isNotEqualTo(decode(postgres, "password"));
  }

  @Test
  void manifestUsersWithUnderscoresAndNologin() {
    List<Secret> secrets =
        secrets(
            Fixtures.config(),
            s ->
                s.setUsers(
                    users(
                        "zalando",
                        List.of("superuser", "createdb"),
                        "foo_user",
                        List.of(),
                        "reader",
                        List.of("NOLOGIN"))));
    assertThat(names(secrets))
        .containsExactly(
            "postgres" + SUFFIX, "standby" + SUFFIX, "foo-user" + SUFFIX, "zalando" + SUFFIX);
    assertThat(decode(secrets.get(2), "username")).isEqualTo("foo_user");
  }

  @Test
  void existingPasswordsAreKeptAndNewOnesComeFromTheSource() {
    Postgresql pg = Fixtures.cluster(s -> s.setUsers(users("foo_user", List.of())));
    ClusterModel model =
        new ClusterModel(
            pg,
            Fixtures.config(),
            Observed.none().toBuilder()
                .existingPasswords(Map.of("postgres" + SUFFIX, "kept-password"))
                .passwordSource(() -> "generated")
                .build());
    List<Secret> secrets = UserSecrets.build(model);
    assertThat(decode(secrets.get(0), "password")).isEqualTo("kept-password");
    assertThat(decode(secrets.get(1), "password")).isEqualTo("generated");
    assertThat(decode(secrets.get(2), "password")).isEqualTo("generated");
    assertThat(UserSecrets.passwordOf(secrets.get(0))).isEqualTo("kept-password");
  }

  @Test
  void deterministicSourceIsReproducibleAndSecureRandomIs64Chars() {
    assertThat(PasswordSource.deterministic("x").next())
        .isEqualTo(PasswordSource.deterministic("x").next())
        .hasSize(64);
    PasswordSource random = PasswordSource.secureRandom();
    String a = random.next();
    assertThat(a).hasSize(64).matches("[a-zA-Z0-9]{64}");
    assertThat(random.next()).isNotEqualTo(a);
  }

  @Test
  void protectedAndSystemNamesMakeTheManifestInvalid() {
    // Zalando skips such users with a log line; Tusk rejects the manifest, naming the field.
    for (String name : List.of("postgres", "standby", "admin")) {
      assertThatThrownBy(
              () -> secrets(Fixtures.config(), s -> s.setUsers(users(name, List.of("createdb")))))
          .isInstanceOf(InvalidSpecException.class)
          .hasMessageStartingWith("spec.users." + name + ": manifest role collides with the");
    }
  }

  @Test
  void invalidUserNameOrFlagsFail() {
    assertThatThrownBy(
            () -> secrets(Fixtures.config(), s -> s.setUsers(users("!fooBar", List.of()))))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("invalid username: \"!fooBar\"");
    assertThatThrownBy(
            () ->
                secrets(Fixtures.config(), s -> s.setUsers(users("foobar", List.of("!superuser")))))
        .hasMessageContaining("user flag \"!superuser\" is not alphanumeric");
    assertThatThrownBy(
            () ->
                secrets(Fixtures.config(), s -> s.setUsers(users("foobar", List.of("superuser1")))))
        .hasMessageContaining("user flag \"SUPERUSER1\" is not valid");
    assertThatThrownBy(
            () ->
                secrets(
                    Fixtures.config(),
                    s -> s.setUsers(users("foobar", List.of("inherit", "noinherit")))))
        .hasMessageContaining("conflicting user flags: \"NOINHERIT\" and \"INHERIT\"");
  }

  @Test
  void flagNormalization() {
    assertThat(UserFlags.normalize(List.of())).containsExactly("LOGIN");
    assertThat(UserFlags.normalize(List.of("createdb", "superuser")))
        .containsExactly("CREATEDB", "LOGIN", "SUPERUSER");
    assertThat(UserFlags.normalize(List.of("nologin", "inherit"))).containsExactly("INHERIT");
    assertThat(UserFlags.normalize(List.of("login", "LOGIN"))).containsExactly("LOGIN");
    assertThat(UserFlags.normalize(List.of("nobypassrls"))).containsExactly("LOGIN", "NOBYPASSRLS");
  }

  @Test
  void validUserNames() {
    for (String invalid :
        List.of(
            "_",
            ".",
            ".user",
            "appspace.",
            "user_",
            "_user",
            "-user",
            "user-",
            ",",
            "-",
            ",user",
            "user,",
            "namespace,user")) {
      assertThat(UserFlags.isValidUserName(invalid)).as(invalid).isFalse();
    }
    for (String valid :
        List.of("user", "appspace.user", "appspace.dot.user", "user_name", "app_space.user_name")) {
      assertThat(UserFlags.isValidUserName(valid)).as(valid).isTrue();
    }
  }

  @Test
  void crossNamespaceSecrets() {
    OperatorConfig config =
        Fixtures.config(Options.ENABLE_CROSS_NAMESPACE_SECRET, true)
            .withOverride(Options.ENABLE_OWNER_REFERENCES, true);
    List<Secret> secrets =
        secrets(
            config, s -> s.setUsers(users("appspace.db_user", List.of(), "db_user", List.of())));
    Secret other =
        secrets.stream()
            .filter(s -> s.getMetadata().getNamespace().equals("appspace"))
            .findFirst()
            .orElseThrow();
    assertThat(other.getMetadata().getName()).isEqualTo("appspace.db-user" + SUFFIX);
    assertThat(decode(other, "username")).isEqualTo("appspace.db_user");
    assertThat(other.getMetadata().getOwnerReferences()).isEmpty();
    Secret local =
        secrets.stream()
            .filter(s -> s.getMetadata().getName().equals("db-user" + SUFFIX))
            .findFirst()
            .orElseThrow();
    assertThat(local.getMetadata().getNamespace()).isEqualTo("default");
    assertThat(local.getMetadata().getOwnerReferences()).hasSize(1);
    // without the option the dotted name stays in the cluster namespace
    Secret same =
        secrets(Fixtures.config(), s -> s.setUsers(users("appspace.db_user", List.of()))).get(2);
    assertThat(same.getMetadata().getNamespace()).isEqualTo("default");
  }

  @Test
  void preparedDatabaseDefaultUsers() {
    List<Secret> secrets =
        secrets(
            Fixtures.config(),
            s -> {
              PreparedDatabase bar = new PreparedDatabase();
              bar.setDefaultUsers(true);
              PreparedSchema history = new PreparedSchema();
              history.setDefaultRoles(true);
              history.setDefaultUsers(true);
              bar.setSchemas(Map.of("data", new PreparedSchema(), "history", history));
              s.setPreparedDatabases(Map.of("bar", bar));
            });
    assertThat(names(secrets))
        .containsExactly(
            "postgres" + SUFFIX,
            "standby" + SUFFIX,
            "bar-history-owner-user" + SUFFIX,
            "bar-history-reader-user" + SUFFIX,
            "bar-history-writer-user" + SUFFIX,
            "bar-owner-user" + SUFFIX,
            "bar-reader-user" + SUFFIX,
            "bar-writer-user" + SUFFIX);
  }

  @Test
  void preparedDatabaseWithoutDefaultUsersHasNoSecrets() {
    assertThat(secrets(Fixtures.config(), s -> s.setPreparedDatabases(Map.of()))).hasSize(2);
    assertThat(
            secrets(
                Fixtures.config(),
                s -> s.setPreparedDatabases(Map.of("bar", new PreparedDatabase()))))
        .hasSize(2);
  }

  @Test
  void preparedDatabaseSecretNamespaceNeedsCrossNamespaceOption() {
    Consumer<PostgresSpec> spec =
        s -> {
          PreparedDatabase db = new PreparedDatabase();
          db.setDefaultUsers(true);
          db.setSecretNamespace("apps");
          s.setPreparedDatabases(Map.of("bar", db));
        };
    assertThat(
            secrets(Fixtures.config(Options.ENABLE_CROSS_NAMESPACE_SECRET, true), spec)
                .get(2)
                .getMetadata()
                .getNamespace())
        .isEqualTo("apps");
    assertThat(secrets(Fixtures.config(), spec).get(2).getMetadata().getNamespace())
        .isEqualTo("default");
  }

  @Test
  void manifestRoleLosesToPreparedDatabaseRoleOfTheSameName() {
    List<Secret> secrets =
        secrets(
            Fixtures.config(),
            s -> {
              s.setUsers(users("bar_owner", List.of()));
              s.setPreparedDatabases(Map.of("bar", new PreparedDatabase()));
            });
    assertThat(names(secrets)).doesNotContain("bar-owner" + SUFFIX);
  }

  @Test
  void poolerUserSecretWithPoolerLabels() {
    List<Secret> secrets = secrets(Fixtures.config(), s -> s.setEnableConnectionPooler(true));
    Secret pooler =
        secrets.stream()
            .filter(s -> s.getMetadata().getName().equals("pooler" + SUFFIX))
            .findFirst()
            .orElseThrow();
    assertThat(pooler.getMetadata().getLabels())
        .isEqualTo(
            Map.of(
                "application",
                "db-connection-pooler",
                "cluster-name",
                "acid-test-cluster",
                "connection-pooler",
                "acid-test-cluster-pooler"));
    // a connectionPooler section alone enables the master pooler; a custom user is honoured
    ConnectionPooler section = new ConnectionPooler();
    section.setUser("bouncer");
    assertThat(names(secrets(Fixtures.config(), s -> s.setConnectionPooler(section))))
        .contains("bouncer" + SUFFIX);
    // ... unless it names the superuser
    ConnectionPooler superuser = new ConnectionPooler();
    superuser.setUser("postgres");
    assertThat(names(secrets(Fixtures.config(), s -> s.setConnectionPooler(superuser))))
        .contains("pooler" + SUFFIX);
    // explicitly disabled
    assertThat(
            names(
                secrets(
                    Fixtures.config(),
                    s -> {
                      s.setConnectionPooler(section);
                      s.setEnableConnectionPooler(false);
                    })))
        .hasSize(2);
    // the pooler name is a system role: a manifest user of that name makes the manifest invalid
    assertThatThrownBy(
            () ->
                secrets(
                    Fixtures.config(),
                    s -> {
                      s.setEnableReplicaConnectionPooler(true);
                      s.setUsers(users("pooler", List.of()));
                    }))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("spec.users.pooler: manifest role collides with the system role \"pooler\"");
  }

  @Test
  void customSecretNameTemplate() {
    List<Secret> secrets =
        secrets(
            Fixtures.config(Options.SECRET_NAME_TEMPLATE, "{cluster}-{username}-secret"), s -> {});
    assertThat(names(secrets))
        .containsExactly("acid-test-cluster-postgres-secret", "acid-test-cluster-standby-secret");
  }
}
