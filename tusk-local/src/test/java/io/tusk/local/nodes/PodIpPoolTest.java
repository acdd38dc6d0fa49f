package io.tusk.local.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PodIpPoolTest {

  @Test
  void startsAt127011AndIsStablePerPod() {
    PodIpPool pool = PodIpPool.loopback();
    assertThat(pool.addressOf("a")).isEqualTo("127.0.1.1");
    assertThat(pool.addressOf("b")).isEqualTo("127.0.1.2");
    assertThat(pool.addressOf("a")).isEqualTo("127.0.1.1");
  }

  @Test
  void addressesAreUniqueAndSkipNetworkAndBroadcastBytes() {
    PodIpPool pool = PodIpPool.loopback();
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
    PodIpPool pool = PodIpPool.loopback();
    pool.reserve("old", "127.0.1.1");
    assertThat(pool.addressOf("new")).isEqualTo("127.0.1.2");
    assertThat(pool.addressOf("old")).isEqualTo("127.0.1.1");
  }

  @Test
  void theUnroutedRangeStartsAt10245AndCoversOnlyItsOwnAddresses() {
    PodIpPool pool = PodIpPool.unroutedRange();
    assertThat(pool.addressOf("a")).isEqualTo("10.245.0.1");
    assertThat(pool.addressOf("b")).isEqualTo("10.245.0.2");
    assertThat(pool.covers("10.245.255.254")).isTrue();
    assertThat(pool.covers("10.244.0.5")).isFalse();
    assertThat(pool.covers("127.0.1.1")).isFalse();
    assertThat(pool.covers("not an address")).isFalse();
    pool.reserve("old", "127.0.1.1"); // not of this pool: ignored
    assertThat(pool.size()).isEqualTo(2);
    pool.reserve("old", "10.245.0.3");
    assertThat(pool.addressOf("c")).isEqualTo("10.245.0.4");
  }

  @Test
  void releasedAddressesCanBeReused() {
    PodIpPool pool = PodIpPool.loopback();
    pool.addressOf("a");
    pool.release("a");
    assertThat(pool.size()).isZero();
  }
}
