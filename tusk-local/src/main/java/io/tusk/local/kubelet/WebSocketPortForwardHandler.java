package io.tusk.local.kubelet;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Port-forwarding over a WebSocket with the channel protocol, as kubelets serve the clients whose
 * requests the API server passes through (fabric8 opens one WebSocket per forwarded connection; the
 * API server turns its {@code ports} into the kubelet's {@code port} parameters): port {@code i} of
 * the query has the data channel {@code 2i} and the error channel {@code 2i+1}; each starts with
 * the port number (two bytes, little-endian). The data channel is connected to the port on the
 * pod's address; the socket closes when both sides are done.
 */
final class WebSocketPortForwardHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

  private final String podIp;
  private final List<Integer> ports;
  private final ExecutorService blocking;
  private final List<Forward> forwards = new ArrayList<>();
  private final AtomicInteger open = new AtomicInteger();
  private Channel channel;

  /** One port's connection. */
  private static final class Forward {
    final int port;
    volatile Socket socket;
    final ExecutorService writer =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "port-forward");
              t.setDaemon(true);
              return t;
            });

    Forward(int port) {
      this.port = port;
    }
  }

  WebSocketPortForwardHandler(String podIp, List<Integer> ports, ExecutorService blocking) {
    this.podIp = podIp;
    this.ports = ports;
    this.blocking = blocking;
  }

  /** The ports of a request's {@code port} query parameters (comma-separated or repeated). */
  static List<Integer> ports(KubeletRequest r) {
    List<Integer> out = new ArrayList<>();
    for (String v : r.all("port")) {
      for (String p : v.split(",")) {
        int port = Integer.parseInt(p.trim());
        if (port < 1 || port > 65535) {
          throw new NumberFormatException("port " + p + " out of range");
        }
        out.add(port);
      }
    }
    return out;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  /** Called once the handshake is done (on the event loop). */
  void begin() {
    open.set(ports.size());
    for (int i = 0; i < ports.size(); i++) {
      Forward f = new Forward(ports.get(i));
      forwards.add(f);
      byte[] port = {(byte) (f.port & 0xff), (byte) (f.port >> 8)};
      channel.write(frame(2 * i, port));
      channel.writeAndFlush(frame(2 * i + 1, port));
      int index = i;
      f.writer.execute(() -> connect(index, f));
    }
  }

  private void connect(int index, Forward f) {
    try {
      Socket s = new Socket();
      s.connect(new InetSocketAddress(podIp, f.port), 10_000);
      f.socket = s;
      blocking.execute(() -> pump(index, f, s));
    } catch (IOException e) {
      String msg =
          "error forwarding port " + f.port + " to pod address " + podIp + ": " + e.getMessage();
      send(2 * index + 1, msg.getBytes(StandardCharsets.UTF_8));
      done();
    }
  }

  private void pump(int index, Forward f, Socket s) {
    byte[] buf = new byte[16384];
    try (InputStream in = s.getInputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (n > 0) {
          send(2 * index, java.util.Arrays.copyOf(buf, n));
        }
      }
    } catch (IOException e) {
      // connection gone
    }
    done();
  }

  private void done() {
    if (open.decrementAndGet() == 0 && channel.isActive()) {
      channel
          .writeAndFlush(new CloseWebSocketFrame(1000, ""))
          .addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (frame instanceof BinaryWebSocketFrame) {
      ChannelFrames.Frame f = ChannelFrames.decode(ByteBufUtil.getBytes(frame.content()));
      if (f == null || f.channel() % 2 != 0 || f.channel() / 2 >= forwards.size()) {
        return;
      }
      Forward target = forwards.get(f.channel() / 2);
      byte[] data = f.data();
      target.writer.execute(
          () -> {
            Socket s = target.socket;
            if (s == null || data.length == 0) {
              return;
            }
            try {
              s.getOutputStream().write(data);
              s.getOutputStream().flush();
            } catch (IOException e) {
              close(target);
            }
          });
    } else if (frame instanceof PingWebSocketFrame) {
      ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
    } else if (frame instanceof CloseWebSocketFrame) {
      ctx.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    for (Forward f : forwards) {
      close(f);
      f.writer.shutdown();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  private static void close(Forward f) {
    Socket s = f.socket;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // closing
      }
    }
  }

  private void send(int ch, byte[] data) {
    if (channel.isActive()) {
      channel.writeAndFlush(frame(ch, data)).awaitUninterruptibly();
    }
  }

  private static BinaryWebSocketFrame frame(int ch, byte[] data) {
    return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(ChannelFrames.encode(ch, data)));
  }
}
