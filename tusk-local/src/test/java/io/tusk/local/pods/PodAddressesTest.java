package io.tusk.local.pods;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PodAddressesTest {

  @Test
  void eachNodeHandsOutItsOwnRangeAndReusesReleasedAddresses() {
    PodAddresses a = new PodAddresses();
    assertThat(a.addressOf("u1", "tusk-local-a")).isEqualTo("10.244.1.2");
    assertThat(a.addressOf("u2", "tusk-local-a")).isEqualTo("10.244.1.3");
    assertThat(a.addressOf("u3", "tusk-local-c")).isEqualTo("10.244.3.2");
    assertThat(a.addressOf("u1", "tusk-local-a")).isEqualTo("10.244.1.2");
    a.release("u1");
    assertThat(a.addressOf("u4", "tusk-local-a")).isEqualTo("10.244.1.2");
    assertThat(PodAddresses.nodeCidr("tusk-local-b")).isEqualTo("10.244.2.0/24");
  }

  @Test
  void reservedAddressesAreNotHandedOutAgain() {
    PodAddresses a = new PodAddresses();
    a.reserve("old", "10.244.1.2");
    assertThat(a.addressOf("new", "tusk-local-a")).isEqualTo("10.244.1.3");
  }
}
