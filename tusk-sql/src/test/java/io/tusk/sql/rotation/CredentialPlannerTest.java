package io.tusk.sql.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tusk.spec.PasswordSource;
import io.tusk.spec.roles.RoleOrigin;
import io.tusk.sql.model.DesiredRole;
import io.tusk.sql.model.PasswordSpec;
import io.tusk.sql.model.RotationRetention;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CredentialPlannerTest {

  private static final Instant NOW = Instant.parse("2025-03-15T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private final AtomicInteger counter = new AtomicInteger();
  private final PasswordSource generator = () -> "generated-" + counter.incrementAndGet();

  private static final DesiredRole APP =
      DesiredRole.builder("app", RoleOrigin.MANIFEST).flags("createdb").adminRole("admin").build();

  private static RotationPolicy global() {
    return new RotationPolicy(true, 90, 180, Set.of(), Set.of(), Set.of(), false);
  }

  private CredentialPlanner planner(RotationPolicy policy) {
    return new CredentialPlanner(policy, CLOCK, generator);
  }

  @Test
  void aNewSecretGetsAGeneratedPasswordAndNoRotationDateWhenRotationIsOff() {
    CredentialDecision d = planner(RotationPolicy.disabled()).decide(APP, null);

    assertThat(d.action()).isEqualTo(CredentialDecision.Action.CREATE);
    assertThat(d.secret()).isEqualTo(new Credentials("app", "generated-1", ""));
    assertThat(d.roles())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.name()).isEqualTo("app");
              assertThat(r.password()).isEqualTo(PasswordSpec.plain("generated-1"));
              assertThat(r.flags()).containsExactly("createdb");
            });
    assertThat(d.retention()).isNull();
  }

  @Test
  void anExistingSecretIsReadBackAndNotChanged() {
    CredentialDecision d =
        planner(RotationPolicy.disabled())
            .decide(APP, StoredCredentials.generated("app", "from-secret", ""));

    assertThat(d.action()).isEqualTo(CredentialDecision.Action.NONE);
    assertThat(d.roles())
        .singleElement()
        .satisfies(r -> assertThat(r.password()).isEqualTo(PasswordSpec.plain("from-secret")));
    assertThat(counter).hasValue(0);
  }

  @Test
  void aUserSuppliedSecretIsNeverRotated() {
    CredentialDecision d =
        planner(global())
            .decide(
                APP, new StoredCredentials("app", "chosen-by-user", "2020-01-01T00:00:00Z", true));

    assertThat(d.action()).isEqualTo(CredentialDecision.Action.NONE);
    assertThat(d.secret().password()).isEqualTo("chosen-by-user");
    assertThat(d.roles())
        .singleElement()
        .satisfies(r -> assertThat(r.password()).isEqualTo(PasswordSpec.plain("chosen-by-user")));
  }

  @Test
  void firstRotationSyncOnlyStoresTheNextRotationDate() {
    CredentialDecision d =
        planner(global()).decide(APP, StoredCredentials.generated("app", "old", ""));

    assertThat(d.action()).isEqualTo(CredentialDecision.Action.UPDATE);
    assertThat(d.secret()).isEqualTo(new Credentials("app", "old", "2025-06-13T10:00:00Z"));
    assertThat(d.reason()).contains("rotation date not found");
  }

  @Test
  void aNewSecretOfARotatingUserGetsItsRotationDateAtOnce() {
    CredentialDecision d = planner(global()).decide(APP, null);

    assertThat(d.secret().nextRotation()).isEqualTo("2025-06-13T10:00:00Z");
  }

  @Test
  void whenDueADatedRotationUserIsCreatedAsMemberOfTheUser() {
    CredentialDecision d =
        planner(global())
            .decide(APP, StoredCredentials.generated("app", "old", "2025-03-14T09:00:00Z"));

    assertThat(d.action()).isEqualTo(CredentialDecision.Action.UPDATE);
    assertThat(d.secret())
        .isEqualTo(new Credentials("app250315", "generated-1", "2025-06-13T10:00:00Z"));
    assertThat(d.roles()).hasSize(2);
    DesiredRole parent = d.roles().get(0);
    DesiredRole rotation = d.roles().get(1);
    assertThat(parent.name()).isEqualTo("app");
    assertThat(parent.password()).isEqualTo(PasswordSpec.unmanaged());
    assertThat(rotation.name()).isEqualTo("app250315");
    assertThat(rotation.password()).isEqualTo(PasswordSpec.plain("generated-1"));
    assertThat(rotation.memberOf()).containsExactly("app");
    assertThat(rotation.rotationOf()).isEqualTo("app");
    assertThat(rotation.flags()).containsExactly("createdb");
    assertThat(d.retention()).isEqualTo(new RotationRetention("app", LocalDate.of(2024, 9, 16)));
    assertThat(d.restartRequired()).isFalse();
  }

  @Test
  void beforeTheDateTheCurrentRotationUserIsKept() {
    CredentialDecision d =
        planner(global())
            .decide(
                APP, StoredCredentials.generated("app250101", "current", "2025-04-01T09:00:00Z"));

    assertThat(d.action()).isEqualTo(CredentialDecision.Action.NONE);
    assertThat(d.roles()).extracting(DesiredRole::name).containsExactly("app", "app250101");
    assertThat(d.roles().get(1).password()).isEqualTo(PasswordSpec.plain("current"));
  }

  @Test
  void aShorterIntervalBringsTheRotationForward() {
    RotationPolicy weekly = new RotationPolicy(true, 7, 180, Set.of(), Set.of(), Set.of(), false);
    CredentialDecision d =
        planner(weekly)
            .decide(APP, StoredCredentials.generated("app", "pw", "2025-06-01T00:00:00Z"));

    assertThat(d.action()).isEqualTo(CredentialDecision.Action.UPDATE);
    assertThat(d.secret().nextRotation()).isEqualTo("2025-03-22T10:00:00Z");
    assertThat(d.secret().password()).isEqualTo("pw");
  }

  @Test
  void inPlaceRotationKeepsTheUserAndChangesThePassword() {
    RotationPolicy inPlace =
        new RotationPolicy(false, 90, 180, Set.of(), Set.of("app"), Set.of(), false);
    CredentialDecision d =
        planner(inPlace)
            .decide(APP, StoredCredentials.generated("app", "old", "2025-03-01T00:00:00Z"));

    assertThat(d.secret()).isEqualTo(new Credentials("app", "generated-1", "2025-06-13T10:00:00Z"));
    assertThat(d.roles())
        .singleElement()
        .satisfies(r -> assertThat(r.password()).isEqualTo(PasswordSpec.plain("generated-1")));
    assertThat(d.restartRequired()).isFalse();
  }

  @Test
  void switchingToInPlaceRotatesImmediately() {
    RotationPolicy inPlace =
        new RotationPolicy(false, 90, 180, Set.of(), Set.of("app"), Set.of(), false);
    CredentialDecision d =
        planner(inPlace)
            .decide(APP, StoredCredentials.generated("app250101", "dated", "2025-05-01T00:00:00Z"));

    assertThat(d.action()).isEqualTo(CredentialDecision.Action.UPDATE);
    assertThat(d.secret().username()).isEqualTo("app");
    assertThat(d.secret().password()).isEqualTo("generated-1");
  }

  @Test
  void systemUsersRotateOnlyInPlaceAndAskForARestart() {
    DesiredRole standby = DesiredRole.builder("standby", RoleOrigin.SYSTEM).build();
    RotationPolicy perUser =
        new RotationPolicy(false, 90, 180, Set.of("standby"), Set.of(), Set.of(), false);
    CredentialDecision d =
        planner(perUser)
            .decide(standby, StoredCredentials.generated("standby", "old", "2025-01-01T00:00:00Z"));

    assertThat(d.secret().username()).isEqualTo("standby");
    assertThat(d.secret().password()).isEqualTo("generated-1");
    assertThat(d.restartRequired()).isTrue();
  }

  @Test
  void theSuperuserNeverRotates() {
    DesiredRole postgres = DesiredRole.builder("dba", RoleOrigin.SYSTEM).build();
    RotationPolicy policy =
        new RotationPolicy(true, 90, 180, Set.of("dba"), Set.of("dba"), Set.of(), false, "dba");
    CredentialDecision d =
        planner(policy)
            .decide(postgres, StoredCredentials.generated("dba", "old", "2025-01-01T00:00:00Z"));

    assertThat(planner(policy).rotationEnabled(postgres)).isFalse();
    assertThat(d.action()).isEqualTo(CredentialDecision.Action.NONE);
    assertThat(d.secret().password()).isEqualTo("old");
  }

  @Test
  void globalRotationSkipsDatabaseOwnersOtherOriginsAndIgnoredUsers() {
    CredentialPlanner planner =
        planner(new RotationPolicy(true, 90, 180, Set.of(), Set.of(), Set.of("ignored"), false));

    assertThat(planner.rotationEnabled(APP)).isTrue();
    assertThat(planner.rotationEnabled(APP.toBuilder().dbOwner(true).build())).isFalse();
    assertThat(
            planner.rotationEnabled(
                DesiredRole.builder("robot", RoleOrigin.INFRASTRUCTURE).build()))
        .isFalse();
    assertThat(
            planner.rotationEnabled(
                DesiredRole.builder("foo_reader_user", RoleOrigin.BOOTSTRAP).build()))
        .isTrue();
    assertThat(planner.rotationEnabled(DesiredRole.builder("ignored", RoleOrigin.MANIFEST).build()))
        .isFalse();
    CredentialPlanner standby =
        planner(new RotationPolicy(true, 90, 180, Set.of("app"), Set.of(), Set.of(), true));
    assertThat(standby.rotationEnabled(APP)).isFalse();
  }

  @Test
  void turningRotationOffResetsTheSecretToTheUser() {
    CredentialDecision d =
        planner(RotationPolicy.disabled())
            .decide(APP, StoredCredentials.generated("app250101", "dated", "2025-05-01T00:00:00Z"));

    assertThat(d.action()).isEqualTo(CredentialDecision.Action.UPDATE);
    assertThat(d.secret()).isEqualTo(new Credentials("app", "generated-1", ""));
    assertThat(d.roles()).extracting(DesiredRole::name).containsExactly("app");
    assertThat(d.retention()).isNotNull();
  }

  @Test
  void aSecretOfAnotherUserDifferingOnlyInDashesIsAnError() {
    assertThatThrownBy(
            () ->
                planner(RotationPolicy.disabled())
                    .decide(
                        DesiredRole.builder("foo_bar", RoleOrigin.MANIFEST).build(),
                        StoredCredentials.generated("foo-bar", "x", "")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("expected: foo_bar, got: foo-bar");
  }

  @Test
  void infrastructurePasswordsOverwriteTheSecret() {
    DesiredRole infra =
        DesiredRole.builder("robot_zmon", RoleOrigin.INFRASTRUCTURE)
            .password("from-infra-secret")
            .build();

    CredentialDecision changed =
        planner(global()).decide(infra, StoredCredentials.generated("robot_zmon", "older", ""));
    CredentialDecision same =
        planner(global())
            .decide(infra, StoredCredentials.generated("robot_zmon", "from-infra-secret", ""));

    assertThat(changed.action()).isEqualTo(CredentialDecision.Action.UPDATE);
    assertThat(changed.secret()).isEqualTo(new Credentials("robot_zmon", "from-infra-secret", ""));
    assertThat(same.action()).isEqualTo(CredentialDecision.Action.NONE);
  }

  @Test
  void degradedRolesLeavePasswordsAloneAndKeepTheCurrentRotationUser() {
    CredentialDecision d =
        planner(global())
            .decide(
                APP, StoredCredentials.generated("app250101", "current", "2025-03-01T00:00:00Z"));

    assertThat(d.degradedRoles()).extracting(DesiredRole::name).containsExactly("app", "app250101");
    assertThat(d.degradedRoles())
        .allSatisfy(r -> assertThat(r.password()).isEqualTo(PasswordSpec.unmanaged()));
  }

  @Test
  void theRetentionIsAtLeastTwiceTheInterval() {
    assertThat(
            new RotationPolicy(true, 90, 30, Set.of(), Set.of(), Set.of(), false)
                .effectiveRetentionDays())
        .isEqualTo(180);
    assertThat(
            new RotationPolicy(true, 10, 30, Set.of(), Set.of(), Set.of(), false)
                .effectiveRetentionDays())
        .isEqualTo(30);
  }

  @Test
  void credentialsNeverPrintTheirPassword() {
    assertThat(new Credentials("u", "topsecret", "").toString()).doesNotContain("topsecret");
    assertThat(StoredCredentials.generated("u", "topsecret", "").toString())
        .doesNotContain("topsecret");
    assertThat(PasswordSpec.plain("topsecret").toString()).doesNotContain("topsecret");
  }
}
