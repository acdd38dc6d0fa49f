package io.tusk.sql.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoleFlagsTest {

  @Test
  void loginIsImpliedUnlessNologin() {
    assertThat(RoleFlags.parse(List.of()).login()).isTrue();
    assertThat(RoleFlags.parse(List.of("createdb")).values())
        .containsEntry(RoleAttribute.LOGIN, true)
        .containsEntry(RoleAttribute.CREATEDB, true);
    assertThat(RoleFlags.parse(List.of("NOLOGIN")).login()).isFalse();
  }

  @Test
  void parsesCaseInsensitivelyAndKeepsNoFlags() {
    RoleFlags f = RoleFlags.parse(List.of("SuperUser", "noinherit", "BYPASSRLS", "nocreaterole"));

    assertThat(f.get(RoleAttribute.SUPERUSER)).isTrue();
    assertThat(f.get(RoleAttribute.INHERIT)).isFalse();
    assertThat(f.get(RoleAttribute.BYPASSRLS)).isTrue();
    assertThat(f.get(RoleAttribute.CREATEROLE)).isFalse();
    assertThat(f.get(RoleAttribute.REPLICATION)).isNull();
  }

  @Test
  void rejectsUnknownNonAlphanumericAndConflictingFlags() {
    assertThatThrownBy(() -> RoleFlags.parse(List.of("superpower")))
        .hasMessageContaining("\"superpower\" is not valid");
    assertThatThrownBy(() -> RoleFlags.parse(List.of("create db")))
        .hasMessageContaining("not alphanumeric");
    assertThatThrownBy(() -> RoleFlags.parse(List.of("login", "nologin")))
        .hasMessageContaining("conflicting user flags");
    assertThat(RoleFlags.parse(List.of("login", "LOGIN")).login()).isTrue();
  }
}
