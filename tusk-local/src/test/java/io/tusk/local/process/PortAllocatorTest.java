package io.tusk.local.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tusk.local.components.Ports;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortAllocatorTest {

  @Test
  void allocatesDistinctFreePorts() throws Exception {
    List<Integer> ports = PortAllocator.allocate(5, Set.of());
    assertThat(ports).hasSize(5).doesNotHaveDuplicates();
    for (int p : ports) {
      assertThat(p).isBetween(1024, 65535);
      assertThat(PortAllocator.isFree(p)).isTrue();
    }
  }

  @Test
  void avoidsRequestedPorts() throws Exception {
    List<Integer> first = PortAllocator.allocate(3, Set.of());
    List<Integer> second = PortAllocator.allocate(3, new HashSet<>(first));
    assertThat(second).doesNotContainAnyElementsOf(first);
  }

  @Test
  void aBoundPortIsNotFree() throws Exception {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      assertThat(PortAllocator.isFree(s.getLocalPort())).isFalse();
    }
  }

  @Test
  void requestedApiserverPortThatIsTakenIsAClearError() throws Exception {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int taken = s.getLocalPort();
      assertThatThrownBy(() -> Ports.allocate(taken))
          .isInstanceOf(Ports.PortInUseException.class)
          .hasMessageContaining("port " + taken)
          .hasMessageContaining("already in use");
    }
  }

  @Test
  void requestedApiserverPortIsUsedAndOthersDiffer() throws Exception {
    int wanted = PortAllocator.allocate(1, Set.of()).get(0);
    Ports p = Ports.allocate(wanted);
    assertThat(p.apiserver()).isEqualTo(wanted);
    assertThat(
            Set.of(
                p.etcdClient(), p.etcdPeer(), p.apiserver(), p.controllerManager(), p.scheduler()))
        .hasSize(5);
  }
}
