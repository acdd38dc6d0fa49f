package io.tusk.operator.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.config.Source;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SyncFingerprintTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final OperatorConfig CONFIG = OperatorConfig.defaults(Source.CONFIGMAP);
  private static final String MANIFEST =
      """
      apiVersion: acid.zalan.do/v1
      kind: postgresql
      metadata: {name: acid-test, namespace: ns}
      spec:
        teamId: acid
        numberOfInstances: 2
        volume: {size: 1Gi}
        users: {foo_user: [], bar_owner: [createdb]}
        databases: {foo: bar_owner}
        preparedDatabases: {prep: {defaultUsers: true}}
        postgresql: {version: "17", parameters: {password_encryption: scram-sha-256}}
      """;

  private static Postgresql cluster() {
    return YAML.unmarshal(MANIFEST, Postgresql.class);
  }

  private static String fingerprint(Consumer<Postgresql> edit) {
    Postgresql pg = cluster();
    edit.accept(pg);
    return SyncFingerprint.of(pg, CONFIG, Map.of());
  }

  private static Secret secret(String name, String password, String nextRotation) {
    Base64.Encoder b64 = Base64.getEncoder();
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withData(
            Map.of(
                "username",
                b64.encodeToString("u".getBytes(StandardCharsets.UTF_8)),
                "password",
                b64.encodeToString(password.getBytes(StandardCharsets.UTF_8)),
                "nextRotation",
                b64.encodeToString(nextRotation.getBytes(StandardCharsets.UTF_8))))
        .build();
  }

  @Test
  void theSameInputsGiveTheSameDigestWhichRevealsNothing() {
    String a = fingerprint(pg -> {});
    assertThat(fingerprint(pg -> {})).isEqualTo(a);
    assertThat(a).matches("[0-9a-f]{64}");
    Map<String, Map<String, String>> secrets =
        SyncFingerprint.contents(List.of(secret("s", "hunter2", "")));
    assertThat(SyncFingerprint.of(cluster(), CONFIG, secrets)).doesNotContain("hunter2");
  }

  @Test
  void everyFieldTheRolesAreBuiltFromChangesTheDigest() {
    String base = fingerprint(pg -> {});
    List<Consumer<Postgresql>> edits =
        List.of(
            pg -> pg.getSpec().getUsers().put("new_user", List.of()),
            pg -> pg.getSpec().getUsers().put("foo_user", List.of("login", "createrole")),
            pg -> pg.getSpec().getDatabases().put("other", "foo_user"),
            pg -> pg.getSpec().getPreparedDatabases().get("prep").setDefaultUsers(false),
            pg -> pg.getSpec().setUsersWithSecretRotation(List.of("foo_user")),
            pg -> pg.getSpec().setUsersWithInPlaceSecretRotation(List.of("foo_user")),
            pg -> pg.getSpec().setUsersIgnoringSecretRotation(List.of("foo_user")),
            pg -> pg.getSpec().setTeamId("other"),
            pg -> pg.getSpec().setEnableConnectionPooler(true),
            pg -> pg.getSpec().getPostgresql().getParameters().put("password_encryption", "md5"));
    for (Consumer<Postgresql> edit : edits) {
      assertThat(fingerprint(edit)).isNotEqualTo(base);
    }
    Postgresql pg = cluster();
    assertThat(
            SyncFingerprint.of(
                pg, CONFIG.withOverride(Options.ENABLE_ROLE_DELETION, true), Map.of()))
        .isNotEqualTo(base);
  }

  @Test
  void fieldsThatDoNotShapeRolesOrDatabasesLeaveItAlone() {
    String base = fingerprint(pg -> {});
    assertThat(fingerprint(pg -> pg.getSpec().setNumberOfInstances(3))).isEqualTo(base);
    assertThat(fingerprint(pg -> pg.getSpec().getVolume().setSize("5Gi"))).isEqualTo(base);
    assertThat(fingerprint(pg -> pg.getSpec().setDockerImage("spilo:new"))).isEqualTo(base);
    assertThat(fingerprint(pg -> pg.getMetadata().setLabels(Map.of("x", "y")))).isEqualTo(base);
  }

  @Test
  void aChangedPasswordOrRotationDateInASecretChangesTheDigest() {
    Postgresql pg = cluster();
    String base =
        SyncFingerprint.of(pg, CONFIG, SyncFingerprint.contents(List.of(secret("s", "one", ""))));
    assertThat(
            SyncFingerprint.of(
                pg, CONFIG, SyncFingerprint.contents(List.of(secret("s", "two", "")))))
        .isNotEqualTo(base);
    assertThat(
            SyncFingerprint.of(
                pg,
                CONFIG,
                SyncFingerprint.contents(List.of(secret("s", "one", "2025-06-13T10:00:00Z")))))
        .isNotEqualTo(base);
    Secret relabelled =
        new SecretBuilder(secret("s", "one", ""))
            .editMetadata()
            .addToLabels("team", "x")
            .endMetadata()
            .build();
    assertThat(SyncFingerprint.of(pg, CONFIG, SyncFingerprint.contents(List.of(relabelled))))
        .isEqualTo(base);
  }

  @Test
  void theEarliestRotationDateIsFound() {
    Map<String, Map<String, String>> secrets =
        SyncFingerprint.contents(
            List.of(
                secret("a", "p", "2025-07-01T00:00:00Z"),
                secret("b", "p", "2025-06-13T10:00:00+02:00"),
                secret("c", "p", ""),
                secret("d", "p", "not a date")));
    assertThat(SyncFingerprint.earliestRotation(secrets))
        .contains(OffsetDateTime.parse("2025-06-13T10:00:00+02:00"));
    assertThat(SyncFingerprint.earliestRotation(Map.of())).isEmpty();
  }
}
