package io.tusk.it.database;

import static io.tusk.it.database.DatabaseHarness.awaitStatus;
import static io.tusk.it.database.DatabaseHarness.column;
import static io.tusk.it.database.DatabaseHarness.logsIn;
import static io.tusk.it.database.DatabaseHarness.manifest;
import static io.tusk.it.database.DatabaseHarness.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import io.tusk.sql.testing.LocalPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Password rotation through the Secrets ({@code enable_password_rotation}): a rotating user's
 * Secret gets {@code nextRotation}; when that date has passed, a dated rotation user (or, in place,
 * a new password) is written to the Secret and logs in; a user-supplied Secret is never rotated.
 */
@LocalKubernetes
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PasswordRotationIT {
  private static final String NAME = "acid-rotate";
  private static final String MANIFEST =
      """
      apiVersion: acid.zalan.do/v1
      kind: postgresql
      metadata:
        name: acid-rotate
      spec:
        teamId: acid
        numberOfInstances: 1
        volume: {size: 1Gi}
        postgresql: {version: "17"}
        users:
          app_owner: []
          app_user: []
          inplace_user: []
          chosen_user: []
        usersWithInPlaceSecretRotation: [inplace_user]
        databases:
          app: app_owner
      """;

  @InjectClient static KubernetesClient client;
  @InjectCluster static LocalCluster cluster;
  static LocalPostgres postgres;
  static DatabaseHarness operator;

  @BeforeAll
  static void start() throws Exception {
    postgres = LocalPostgres.start();
    operator =
        new DatabaseHarness(
                cluster,
                postgres,
                Map.of(
                    "kubernetes_use_configmaps", "true",
                    "enable_teams_api", "false",
                    "enable_password_rotation", "true",
                    "repair_period", "5s"))
            .start();
    operator.createCredentialsSecret(NAME, "postgres", postgres.superuserPassword());
    operator.createCredentialsSecret(NAME, "chosen_user", "my-own-password");
    client.resource(manifest(client, MANIFEST)).create();
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () ->
                assertThat(column(postgres, "postgres", "SELECT rolname FROM pg_roles"))
                    .contains("app_owner", "app_user", "inplace_user", "chosen_user"));
    awaitStatus(client, NAME, "Running");
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  private static Secret secret(String user) {
    return client
        .secrets()
        .withName(user.replace('_', '-') + "." + NAME + ".credentials.postgresql.acid.zalan.do")
        .get();
  }

  private static void expireRotation(String user) {
    String past = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).withNano(0).toString();
    client
        .secrets()
        .withName(secret(user).getMetadata().getName())
        .edit(
            s -> {
              Map<String, String> data = new HashMap<>(s.getData());
              data.put(
                  "nextRotation",
                  Base64.getEncoder().encodeToString(past.getBytes(StandardCharsets.UTF_8)));
              return new SecretBuilder(s).withData(data).build();
            });
  }

  @Test
  @Order(1)
  void rotatingUsersGetTheirNextRotationDateAndOthersDoNot() {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !value(secret("app_user"), "nextRotation").isEmpty());
    OffsetDateTime next = OffsetDateTime.parse(value(secret("app_user"), "nextRotation"));
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    assertThat(next).isBetween(now.plusDays(89), now.plusDays(91));
    assertThat(value(secret("inplace_user"), "nextRotation")).isNotEmpty();
    // A database owner does not rotate globally (Zalando's rule).
    assertThat(value(secret("app_owner"), "nextRotation")).isEmpty();
    // The user-supplied Secret: its own password, never a rotation date.
    assertThat(value(secret("chosen_user"), "password")).isEqualTo("my-own-password");
    assertThat(value(secret("chosen_user"), "nextRotation")).isEmpty();
    assertThat(logsIn(postgres, "chosen_user", "my-own-password")).isTrue();
    assertThat(logsIn(postgres, "app_user", value(secret("app_user"), "password"))).isTrue();
  }

  @Test
  @Order(2)
  void aDueRotationWritesANewUserOrPasswordIntoTheSecret() throws Exception {
    String oldPassword = value(secret("app_user"), "password");
    String oldInPlace = value(secret("inplace_user"), "password");
    expireRotation("app_user");
    expireRotation("inplace_user");

    String rotated =
        "app_user" + LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyMMdd"));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(value(secret("app_user"), "username")).isEqualTo(rotated);
              assertThat(value(secret("inplace_user"), "password")).isNotEqualTo(oldInPlace);
            });
    Secret app = secret("app_user");
    assertThat(OffsetDateTime.parse(value(app, "nextRotation")))
        .isAfter(OffsetDateTime.now(ZoneOffset.UTC).plusDays(89));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> logsIn(postgres, rotated, value(secret("app_user"), "password")));
    // The old credentials keep working until the rotation user ages out.
    assertThat(logsIn(postgres, "app_user", oldPassword)).isTrue();
    assertThat(
            column(
                postgres,
                "postgres",
                "SELECT pg_has_role('" + rotated + "', 'app_user', 'MEMBER')::text"))
        .containsExactly("true");

    Secret inPlace = secret("inplace_user");
    assertThat(value(inPlace, "username")).isEqualTo("inplace_user");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> logsIn(postgres, "inplace_user", value(secret("inplace_user"), "password")));
    assertThat(logsIn(postgres, "inplace_user", oldInPlace)).isFalse();

    // The user-supplied Secret is left alone.
    assertThat(value(secret("chosen_user"), "password")).isEqualTo("my-own-password");
  }

  @Test
  @Order(3)
  void laterReconcilesKeepTheRotationUserInTheSecret() {
    String username = value(secret("app_user"), "username");
    String password = value(secret("app_user"), "password");
    // A spec change makes the operator apply every object again, the Secrets included.
    client
        .resources(Postgresql.class)
        .withName(NAME)
        .edit(
            pg -> {
              pg.getSpec().setNumberOfInstances(2);
              return pg;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> client.apps().statefulSets().withName(NAME).get().getSpec().getReplicas() == 2);
    awaitStatus(client, NAME, "Running");
    assertThat(value(secret("app_user"), "username")).isEqualTo(username);
    assertThat(value(secret("app_user"), "password")).isEqualTo(password);
    assertThat(logsIn(postgres, username, password)).isTrue();
  }
}
