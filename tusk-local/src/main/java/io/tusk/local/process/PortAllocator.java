package io.tusk.local.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds free TCP ports on 127.0.0.1. All ports of one request are held open together while they are
 * chosen, so the kernel hands out distinct ports; they are released just before the components bind
 * them. Another process can still grab one in that window, which the start-up code reports as a
 * component that failed to bind (naming the port).
 */
public final class PortAllocator {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private PortAllocator() {}

  /**
   * Returns {@code count} distinct free ports, none of which is in {@code avoid}.
   *
   * @throws IOException when the kernel cannot give ports
   */
  public static List<Integer> allocate(int count, Set<Integer> avoid) throws IOException {
    List<ServerSocket> held = new ArrayList<>();
    Set<Integer> ports = new LinkedHashSet<>();
    try {
      int attempts = 0;
      while (ports.size() < count) {
        if (++attempts > count * 20) {
          throw new IOException("could not find " + count + " free ports on 127.0.0.1");
        }
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(false);
        s.bind(new InetSocketAddress(LOOPBACK, 0));
        held.add(s);
        if (!avoid.contains(s.getLocalPort())) {
          ports.add(s.getLocalPort());
        }
      }
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
    return new ArrayList<>(ports);
  }

  /** True when nothing listens on {@code port} of 127.0.0.1 and we can bind it. */
  public static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress(LOOPBACK, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
