package io.tusk.local.components;

import io.tusk.local.process.PortAllocator;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The loopback ports of one control plane. All are chosen when {@code up} starts so that several
 * control planes (a user's and a test run's) coexist without clashing on upstream defaults such as
 * 2379, 6443, 10257 and 10259.
 */
public record Ports(
    int etcdClient,
    int etcdPeer,
    int apiserver,
    int controllerManager,
    int scheduler,
    int objectStorage) {

  /**
   * Picks free ports; {@code apiserver} is used as given when non-zero (and must be free).
   *
   * @throws PortInUseException if the requested API server port is taken
   */
  public static Ports allocate(int apiserver) throws IOException {
    if (apiserver != 0 && !PortAllocator.isFree(apiserver)) {
      throw new PortInUseException(
          "port "
              + apiserver
              + " on 127.0.0.1 is already in use; pick another with --port or"
              + " leave it out to choose a free one");
    }
    Set<Integer> avoid = new HashSet<>();
    if (apiserver != 0) {
      avoid.add(apiserver);
    }
    List<Integer> p = PortAllocator.allocate(apiserver == 0 ? 6 : 5, avoid);
    int i = 0;
    int api = apiserver != 0 ? apiserver : p.get(i++);
    return new Ports(p.get(i++), p.get(i++), api, p.get(i++), p.get(i++), p.get(i));
  }

  /** The port a component listens on (the client port for etcd, 0 for the node agent). */
  public int of(Component c) {
    return switch (c) {
      case ETCD -> etcdClient;
      case KUBE_APISERVER -> apiserver;
      case KUBE_CONTROLLER_MANAGER -> controllerManager;
      case KUBE_SCHEDULER -> scheduler;
      case NODE_AGENT -> 0;
      case OBJECT_STORAGE -> objectStorage;
    };
  }

  /** Thrown when a port the user asked for is taken. */
  public static final class PortInUseException extends IOException {
    public PortInUseException(String message) {
      super(message);
    }
  }
}
