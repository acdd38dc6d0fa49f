package io.tusk.local.kubelet;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyGoAwayFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * An exec over SPDY/3.1 with the remote command protocol {@code v4.channel.k8s.io}, as the API
 * server speaks it to kubelets: the client opens one stream per purpose ({@code streamType} header:
 * error, stdin, stdout, stderr, resize), each is answered at once, and the command starts when all
 * expected streams are there. Output goes out as data frames on the client's streams; the final
 * status on the error stream, after which every stream is finished and the connection closed. SPDY
 * flow control is not enforced (spdystream, the Go side, does not either).
 */
final class SpdyExecHandler extends ChannelInboundHandlerAdapter implements ExecStreams {

  private final ExecSession.Options options;
  private final Function<ExecStreams, ExecSession> sessions;
  private final TerminalSize.Decoder sizes = new TerminalSize.Decoder();
  private Channel channel;
  private ExecSession session;
  private volatile int error = -1;
  private volatile int stdin = -1;
  private volatile int stdout = -1;
  private volatile int stderr = -1;
  private volatile int resize = -1;
  private int received;

  SpdyExecHandler(ExecSession.Options options, Function<ExecStreams, ExecSession> sessions) {
    this.options = options;
    this.sessions = sessions;
  }

  private int expected() {
    return 1
        + (options.stdin() ? 1 : 0)
        + (options.stdout() ? 1 : 0)
        + (options.stderr() ? 1 : 0)
        + (options.tty() ? 1 : 0);
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
      } else if (msg instanceof SpdyRstStreamFrame rst
          && rst.streamId() == stdin
          && session != null) {
        session.closeStdin();
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void opened(ChannelHandlerContext ctx, SpdySynStreamFrame syn) {
    String type = syn.headers().getAsString("streamtype");
    int id = syn.streamId();
    if (type == null) {
      type = "";
    }
    switch (type) {
      case "error" -> error = id;
      case "stdin" -> stdin = id;
      case "stdout" -> stdout = id;
      case "stderr" -> stderr = id;
      case "resize" -> resize = id;
      default -> {
        return; // unknown stream types are ignored, as by the kubelet
      }
    }
    ctx.writeAndFlush(SpdyReplies.reply(id, type));
    if (++received == expected() && session == null) {
      session = sessions.apply(this);
      session.start();
    }
  }

  private void data(SpdyDataFrame frame) {
    int id = frame.streamId();
    byte[] bytes = ByteBufUtil.getBytes(frame.content());
    if (id == stdin && session != null) {
      if (bytes.length > 0) {
        session.stdin(bytes);
      }
      if (frame.isLast()) {
        session.closeStdin();
      }
    } else if (id == resize && session != null) {
      sizes.feed(bytes).forEach(session::resize);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (session != null) {
      session.abort();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  @Override
  public void stdout(byte[] data) {
    send(stdout, data, false);
  }

  @Override
  public void stderr(byte[] data) {
    send(stderr, data, false);
  }

  @Override
  public void finish(String statusJson) {
    send(error, statusJson.getBytes(StandardCharsets.UTF_8), false);
    for (int id : new int[] {error, stdout, stderr}) {
      if (id > 0) {
        send(id, new byte[0], true);
      }
    }
    channel.writeAndFlush(new DefaultSpdyGoAwayFrame(0)).addListener(ChannelFutureListener.CLOSE);
  }

  private void send(int id, byte[] data, boolean last) {
    if (id <= 0 || !channel.isActive()) {
      return;
    }
    DefaultSpdyDataFrame f = new DefaultSpdyDataFrame(id, Unpooled.wrappedBuffer(data));
    f.setLast(last);
    channel.writeAndFlush(f).awaitUninterruptibly();
  }
}
