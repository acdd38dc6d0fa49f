package io.tusk.local.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PodIpPoolTest {

  @Test
  void startsAt127011AndIsStablePerPod() {
    PodIpPool pool = new PodIpPool();
    assertThat(pool.addressOf("a")).isEqualTo("127.0.1.1");
    assertThat(pool.addressOf("b")).isEqualTo("127.0.1.2");
    assertThat(pool.addressOf("a")).isEqualTo("127.0.1.1");
  }

  @Test
  void addressesAreUniqueAndSkipNetworkAndBroadcastBytes() {
    PodIpPool pool = new PodIpPool();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 600; i++) {
      String ip = pool.addressOf("pod-" + i);
      assertThat(seen.add(ip)).as(ip).isTrue();
      assertThat(ip).startsWith("127.").doesNotEndWith(".0").doesNotEndWith(".255");
    }
    assertThat(pool.size()).isEqualTo(600);
  }

  @Test
  void reservedAddressesFromAnEarlierRunAreNotHandedOutAgain() {
    PodIpPool pool = new PodIpPool();
    pool.reserve("old", "127.0.1.1");
    assertThat(pool.addressOf("new")).isEqualTo("127.0.1.2");
    assertThat(pool.addressOf("old")).isEqualTo("127.0.1.1");
  }

  @Test
  void releasedAddressesCanBeReused() {
    PodIpPool pool = new PodIpPool();
    pool.addressOf("a");
    pool.release("a");
    assertThat(pool.size()).isZero();
  }
}
