package io.tusk.operator.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WarningsOnceTest {
  private static final String TOKEN = "no Teams API token: secret postgresql-operator has no key";
  private static final String INFRA = "infrastructure roles secret infra does not exist";

  @Test
  void aLastingWarningIsNewOnceThenAgainOnlyAfterItWentAway() {
    WarningsOnce once = new WarningsOnce();
    assertThat(once.fresh("ns/a", List.of(TOKEN))).containsExactly(TOKEN);
    assertThat(once.fresh("ns/a", List.of(TOKEN))).isEmpty();
    assertThat(once.fresh("ns/a", List.of(TOKEN, INFRA))).containsExactly(INFRA);
    assertThat(once.fresh("ns/a", List.of(INFRA))).isEmpty();
    assertThat(once.fresh("ns/a", List.of())).isEmpty();
    assertThat(once.fresh("ns/a", List.of(TOKEN, INFRA))).containsExactly(TOKEN, INFRA);
  }

  @Test
  void eachClusterHasItsOwnAndAForgottenClusterStartsAfresh() {
    WarningsOnce once = new WarningsOnce();
    assertThat(once.fresh("ns/a", List.of(TOKEN))).containsExactly(TOKEN);
    assertThat(once.fresh("ns/b", List.of(TOKEN))).containsExactly(TOKEN);
    once.forget("ns/a");
    assertThat(once.fresh("ns/a", List.of(TOKEN))).containsExactly(TOKEN);
    assertThat(once.fresh("ns/b", List.of(TOKEN))).isEmpty();
  }
}
