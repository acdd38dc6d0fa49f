package io.tusk.local.kubelet;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Port-forwarding over SPDY/3.1 ({@code portforward.k8s.io}), as the API server speaks it to
 * kubelets (also for {@code kubectl port-forward}'s WebSocket tunnel, which it unwraps): each
 * forwarded connection is a pair of streams with the same {@code requestID} and {@code port}
 * headers, {@code error} and {@code data}. The data stream is connected to the port on the pod's
 * address; a failure to connect is reported on the error stream.
 */
final class SpdyPortForwardHandler extends ChannelInboundHandlerAdapter {

  private final String podIp;
  private final ExecutorService blocking;
  private final Map<String, Pair> pairs = new ConcurrentHashMap<>();
  private final Map<Integer, Pair> byDataStream = new ConcurrentHashMap<>();
  private Channel channel;

  /** The two streams of one forwarded connection and its socket. */
  private final class Pair {
    final String requestId;
    volatile int port;
    volatile int error = -1;
    volatile int data = -1;
    volatile Socket socket;
    final ExecutorService writer =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "port-forward");
              t.setDaemon(true);
              return t;
            });

    Pair(String requestId) {
      this.requestId = requestId;
    }
  }

  SpdyPortForwardHandler(String podIp, ExecutorService blocking) {
    this.podIp = podIp;
    this.blocking = blocking;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof SpdySynStreamFrame syn) {
        opened(ctx, syn);
      } else if (msg instanceof SpdyDataFrame data) {
        data(data);
      } else if (msg instanceof SpdyPingFrame ping) {
        ctx.writeAndFlush(new DefaultSpdyPingFrame(ping.id()));
      } else if (msg instanceof SpdyGoAwayFrame) {
        ctx.close();
      } else if (msg instanceof SpdyRstStreamFrame rst) {
        Pair p = byDataStream.get(rst.streamId());
        if (p != null) {
          close(p);
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void opened(ChannelHandlerContext ctx, SpdySynStreamFrame syn) {
    String type = syn.headers().getAsString("streamtype");
    String port = syn.headers().getAsString("port");
    String request = syn.headers().getAsString("requestid");
    ctx.writeAndFlush(SpdyReplies.reply(syn.streamId(), type == null ? "" : type));
    if (type == null || port == null) {
      return;
    }
    // Clients before requestID paired streams by order; such a pair gets the port as its key.
    Pair p = pairs.computeIfAbsent(request == null ? "port-" + port : request, Pair::new);
    try {
      p.port = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      return;
    }
    if (type.equals("error")) {
      p.error = syn.streamId();
    } else if (type.equals("data")) {
      p.data = syn.streamId();
      byDataStream.put(p.data, p);
      p.writer.execute(() -> connect(p));
    }
  }

  private void connect(Pair p) {
    try {
      Socket s = new Socket();
      s.connect(new InetSocketAddress(podIp, p.port), 10_000);
      p.socket = s;
      blocking.execute(() -> pump(p, s));
    } catch (IOException e) {
      String msg =
          "error forwarding port " + p.port + " to pod address " + podIp + ": " + e.getMessage();
      send(p.error, msg.getBytes(StandardCharsets.UTF_8), true);
      send(p.data, new byte[0], true);
      forget(p);
    }
  }

  private void pump(Pair p, Socket s) {
    byte[] buf = new byte[16384];
    try (InputStream in = s.getInputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (n > 0) {
          send(p.data, java.util.Arrays.copyOf(buf, n), false);
        }
      }
    } catch (IOException e) {
      // connection gone
    }
    send(p.data, new byte[0], true);
    send(p.error, new byte[0], true);
    forget(p);
  }

  private void data(SpdyDataFrame frame) {
    Pair p = byDataStream.get(frame.streamId());
    if (p == null) {
      return;
    }
    byte[] bytes = ByteBufUtil.getBytes(frame.content());
    boolean last = frame.isLast();
    p.writer.execute(
        () -> {
          Socket s = p.socket;
          if (s == null) {
            return;
          }
          try {
            if (bytes.length > 0) {
              s.getOutputStream().write(bytes);
              s.getOutputStream().flush();
            }
            if (last) {
              s.shutdownOutput();
            }
          } catch (IOException e) {
            close(p);
          }
        });
  }

  private void send(int stream, byte[] data, boolean last) {
    if (stream <= 0 || !channel.isActive()) {
      return;
    }
    DefaultSpdyDataFrame f = new DefaultSpdyDataFrame(stream, Unpooled.wrappedBuffer(data));
    f.setLast(last);
    channel.writeAndFlush(f).awaitUninterruptibly();
  }

  private void close(Pair p) {
    Socket s = p.socket;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // closing
      }
    }
  }

  private void forget(Pair p) {
    pairs.remove(p.requestId);
    byDataStream.remove(p.data);
    p.writer.shutdown();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    for (Pair p : pairs.values()) {
      close(p);
      p.writer.shutdown();
    }
    pairs.clear();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
