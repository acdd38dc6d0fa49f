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
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * An exec over a WebSocket with the channel protocol ({@code v4.channel.k8s.io}, or the older
 * {@code channel.k8s.io}), as kubelets serve the clients whose requests the API server passes
 * through (fabric8 asks for {@code v4.channel.k8s.io}): binary messages whose first byte is the
 * channel ({@link ChannelFrames}). As the kubelet does, an empty message on the first output
 * channel tells the client the command is starting; the status goes on the error channel (JSON for
 * v4, the bare error message before), then the socket is closed.
 */
final class WebSocketExecHandler extends SimpleChannelInboundHandler<WebSocketFrame>
    implements ExecStreams {

  private final ExecSession.Options options;
  private final boolean v4;
  private final TerminalSize.Decoder sizes = new TerminalSize.Decoder();
  private final ExecSession session;
  private Channel channel;

  WebSocketExecHandler(
      ExecSession.Options options, boolean v4, Function<ExecStreams, ExecSession> sessions) {
    this.options = options;
    this.v4 = v4;
    this.session = sessions.apply(this);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  /** Called once the handshake is done. */
  void begin() {
    int first =
        options.stdout()
            ? ChannelFrames.STDOUT
            : options.stderr() ? ChannelFrames.STDERR : ChannelFrames.ERROR;
    // On the event loop: no waiting for the write here.
    channel.writeAndFlush(
        new BinaryWebSocketFrame(Unpooled.wrappedBuffer(ChannelFrames.encode(first, new byte[0]))));
    session.start();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (frame instanceof BinaryWebSocketFrame) {
      byte[] b = ByteBufUtil.getBytes(frame.content());
      ChannelFrames.Frame f = ChannelFrames.decode(b);
      if (f == null) {
        return;
      }
      switch (f.channel()) {
        case ChannelFrames.STDIN -> {
          if (f.data().length > 0) {
            session.stdin(f.data());
          }
        }
        case ChannelFrames.RESIZE -> sizes.feed(f.data()).forEach(session::resize);
        case ChannelFrames.CLOSE -> {
          if (f.data().length > 0 && f.data()[0] == ChannelFrames.STDIN) {
            session.closeStdin();
          }
        }
        default -> {}
      }
    } else if (frame instanceof PingWebSocketFrame) {
      ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
    } else if (frame instanceof CloseWebSocketFrame) {
      ctx.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    session.abort();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  @Override
  public void stdout(byte[] data) {
    send(ChannelFrames.STDOUT, data);
  }

  @Override
  public void stderr(byte[] data) {
    send(ChannelFrames.STDERR, data);
  }

  @Override
  public void finish(String statusJson) {
    String status = v4 ? statusJson : ExecStatus.v1(statusJson);
    if (!status.isEmpty()) {
      send(ChannelFrames.ERROR, status.getBytes(StandardCharsets.UTF_8));
    }
    if (channel.isActive()) {
      channel
          .writeAndFlush(new CloseWebSocketFrame(1000, ""))
          .addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void send(int ch, byte[] data) {
    if (channel.isActive()) {
      channel
          .writeAndFlush(
              new BinaryWebSocketFrame(Unpooled.wrappedBuffer(ChannelFrames.encode(ch, data))))
          .awaitUninterruptibly();
    }
  }
}
