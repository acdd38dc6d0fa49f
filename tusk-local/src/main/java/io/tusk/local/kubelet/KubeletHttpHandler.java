package io.tusk.local.kubelet;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.handler.ssl.SslHandler;
import io.tusk.local.nodes.LocalNodes;
import io.tusk.local.pods.ContainerAccess;
import io.tusk.local.pods.PodRuntime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one connection's request to the kubelet API: identifies the client by its certificate,
 * authorizes it ({@link NodeAuthorizer}), and answers {@code containerLogs}, or upgrades the
 * connection for {@code exec} (SPDY/3.1 or WebSocket) and {@code portForward} (SPDY/3.1). Errors
 * are plain-text bodies with the kubelet's status codes, which the API server hands to the client.
 * Everything that may block runs on the server's blocking executor, never on the event loop.
 */
final class KubeletHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(KubeletHttpHandler.class);

  static final String STREAM_PROTOCOL_HEADER = "X-Stream-Protocol-Version";
  static final String REMOTE_COMMAND_V4 = "v4.channel.k8s.io";
  static final String PORT_FORWARD_V1 = "portforward.k8s.io";
  static final String SIMULATED =
      "pods on this node are simulated (tusk local up --simulate-pods): no container runs, so"
          + " there are no logs to read and nothing to exec or forward into";

  private final PodRuntime runtime;
  private final NodeAuthorizer authorizer;
  private final ExecutorService blocking;
  private final ScheduledExecutorService timer;

  KubeletHttpHandler(
      PodRuntime runtime,
      NodeAuthorizer authorizer,
      ExecutorService blocking,
      ScheduledExecutorService timer) {
    this.runtime = runtime;
    this.authorizer = authorizer;
    this.blocking = blocking;
    this.timer = timer;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    FullHttpRequest request = req.retainedDuplicate();
    blocking.execute(
        () -> {
          try {
            handle(ctx, request);
          } catch (RuntimeException e) {
            LOG.warn("kubelet API {} {}: {}", request.method(), request.uri(), e.toString());
            respond(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, e.getMessage());
          } finally {
            request.release();
          }
        });
  }

  private void handle(ChannelHandlerContext ctx, FullHttpRequest req) {
    // The path only: queries (exec commands) and headers may hold secrets.
    LOG.debug("{} {}", req.method(), req.uri().split("\\?", 2)[0]);
    KubeletRequest r = KubeletRequest.parse(req.uri());
    if (r == null) {
      respond(ctx, HttpResponseStatus.NOT_FOUND, "404 page not found");
      return;
    }
    PeerIdentity who = identity(ctx);
    if (who == null) {
      respond(ctx, HttpResponseStatus.UNAUTHORIZED, "Unauthorized");
      return;
    }
    Optional<String> node =
        runtime == null ? Optional.empty() : runtime.nodeOf(r.namespace(), r.pod());
    String denied =
        authorizer.deny(who, req.method().name(), node.orElse(LocalNodes.names().get(0)));
    if (denied != null) {
      respond(ctx, HttpResponseStatus.FORBIDDEN, denied);
      return;
    }
    if (runtime == null) {
      respond(ctx, HttpResponseStatus.BAD_REQUEST, SIMULATED);
      return;
    }
    if (node.isEmpty()) {
      respond(
          ctx,
          HttpResponseStatus.NOT_FOUND,
          "pod \"" + r.namespace() + "/" + r.pod() + "\" not found");
      return;
    }
    switch (r.kind()) {
      case CONTAINER_LOGS -> logs(ctx, r);
      case EXEC -> exec(ctx, req, r);
      case PORT_FORWARD -> portForward(ctx, req, r);
    }
  }

  private static PeerIdentity identity(ChannelHandlerContext ctx) {
    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
    try {
      var certs = ssl.engine().getSession().getPeerCertificates();
      return certs.length == 0 ? null : PeerIdentity.of((X509Certificate) certs[0]);
    } catch (javax.net.ssl.SSLPeerUnverifiedException | IllegalArgumentException e) {
      return null;
    }
  }

  private Optional<ContainerAccess> container(ChannelHandlerContext ctx, KubeletRequest r) {
    Optional<ContainerAccess> c = runtime.container(r.namespace(), r.pod(), r.container());
    if (c.isEmpty()) {
      respond(
          ctx,
          HttpResponseStatus.NOT_FOUND,
          "container \"" + r.container() + "\" not found in pod \"" + r.pod() + "\"");
    }
    return c;
  }

  private void logs(ChannelHandlerContext ctx, KubeletRequest r) {
    LogOptions options;
    try {
      options = LogOptions.of(r, Instant.now());
    } catch (IllegalArgumentException e) {
      respond(ctx, HttpResponseStatus.BAD_REQUEST, e.getMessage());
      return;
    }
    Optional<ContainerAccess> found = container(ctx, r);
    if (found.isEmpty()) {
      return;
    }
    ContainerAccess c = found.get();
    String name = "container \"" + r.container() + "\" in pod \"" + r.pod() + "\"";
    if (c.run() < 0) {
      String why = c.waitingReason() == null ? "ContainerCreating" : c.waitingReason();
      respond(ctx, HttpResponseStatus.BAD_REQUEST, name + " is waiting to start: " + why);
      return;
    }
    int run = options.previous() ? c.run() - 1 : c.run();
    Path file = c.logFile(Math.max(run, 0));
    if (run < 0 || !Files.exists(file)) {
      respond(ctx, HttpResponseStatus.BAD_REQUEST, "previous terminated " + name + " not found");
      return;
    }
    BooleanSupplier ended = options.previous() ? () -> true : () -> c.runEnded().test(run);
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
    head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(head).awaitUninterruptibly();
    try {
      new LogStreamer(file, options, ended, ctx.channel()).run();
    } catch (java.io.IOException e) {
      LOG.debug("log of {}/{}: {}", r.pod(), r.container(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!ctx.executor().isShuttingDown()) { // the server is not closing under us
      ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
          .addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void exec(ChannelHandlerContext ctx, FullHttpRequest req, KubeletRequest r) {
    boolean tty = r.flag("tty");
    ExecSession.Options options =
        new ExecSession.Options(
            r.flag("input") || r.flag("stdin"),
            r.flag("output") || r.flag("stdout"),
            !tty && (r.flag("error") || r.flag("stderr")),
            tty);
    if (!options.stdin() && !options.stdout() && !options.stderr()) {
      respond(
          ctx,
          HttpResponseStatus.BAD_REQUEST,
          "you must specify at least 1 of stdin, stdout, stderr");
      return;
    }
    List<String> command = r.all("command");
    Optional<ContainerAccess> found = container(ctx, r);
    if (found.isEmpty()) {
      return;
    }
    ContainerAccess c = found.get();
    if (!c.running().getAsBoolean()) {
      respond(
          ctx, HttpResponseStatus.BAD_REQUEST, "container not found (\"" + r.container() + "\")");
      return;
    }
    Function<ExecStreams, ExecSession> sessions =
        streams -> new ExecSession(c, command, options, streams, blocking, timer);
    if (isWebSocket(req)) {
      webSocket(ctx, req, options, sessions);
    } else if (isSpdy(req)) {
      spdy(ctx, req, REMOTE_COMMAND_V4, () -> new SpdyExecHandler(options, sessions));
    } else {
      respond(ctx, HttpResponseStatus.BAD_REQUEST, "Upgrade request required");
    }
  }

  private void portForward(ChannelHandlerContext ctx, FullHttpRequest req, KubeletRequest r) {
    Optional<String> ip = runtime.podIp(r.namespace(), r.pod());
    if (ip.isEmpty()) {
      respond(ctx, HttpResponseStatus.BAD_REQUEST, "pod \"" + r.pod() + "\" has no address yet");
      return;
    }
    if (isWebSocket(req)) {
      List<Integer> ports;
      try {
        ports = WebSocketPortForwardHandler.ports(r);
      } catch (NumberFormatException e) {
        respond(ctx, HttpResponseStatus.BAD_REQUEST, "unable to parse ports: " + e.getMessage());
        return;
      }
      if (ports.isEmpty()) {
        respond(ctx, HttpResponseStatus.BAD_REQUEST, "query parameter \"port\" is required");
        return;
      }
      WebSocketPortForwardHandler h = new WebSocketPortForwardHandler(ip.get(), ports, blocking);
      upgradeToWebSocket(ctx, req, h, h::begin);
    } else if (isSpdy(req)) {
      spdy(ctx, req, PORT_FORWARD_V1, () -> new SpdyPortForwardHandler(ip.get(), blocking));
    } else {
      respond(ctx, HttpResponseStatus.BAD_REQUEST, "Upgrade request required");
    }
  }

  private static boolean isWebSocket(FullHttpRequest req) {
    String upgrade = req.headers().get(HttpHeaderNames.UPGRADE, "");
    return upgrade.equalsIgnoreCase("websocket");
  }

  private static boolean isSpdy(FullHttpRequest req) {
    String upgrade = req.headers().get(HttpHeaderNames.UPGRADE, "");
    return upgrade.toUpperCase(java.util.Locale.ROOT).startsWith("SPDY/3.1");
  }

  private void webSocket(
      ChannelHandlerContext ctx,
      FullHttpRequest req,
      ExecSession.Options options,
      Function<ExecStreams, ExecSession> sessions) {
    String selected = WebSocketProtocols.select(req.headers().get("Sec-WebSocket-Protocol"));
    WebSocketExecHandler h =
        new WebSocketExecHandler(options, WebSocketProtocols.isV4(selected), sessions);
    upgradeToWebSocket(ctx, req, h, h::begin);
  }

  /** Completes the WebSocket handshake, then hands the connection to {@code handler}. */
  private void upgradeToWebSocket(
      ChannelHandlerContext ctx,
      FullHttpRequest req,
      io.netty.channel.ChannelHandler handler,
      Runnable begin) {
    WebSocketServerHandshaker handshaker =
        new WebSocketServerHandshakerFactory(
                "wss://127.0.0.1" + req.uri(),
                String.join(",", WebSocketProtocols.SUPPORTED),
                false,
                1 << 20)
            .newHandshaker(req);
    if (handshaker == null) {
      respond(ctx, HttpResponseStatus.UPGRADE_REQUIRED, "unsupported WebSocket version");
      return;
    }
    FullHttpRequest held = req.retain();
    ctx.executor()
        .execute(
            () -> {
              try {
                ChannelPipeline p = ctx.pipeline();
                p.replace(this, "streams", handler);
                p.addBefore("streams", "ws-aggregator", new WebSocketFrameAggregator(1 << 20));
                handshaker
                    .handshake(ctx.channel(), held)
                    .addListener(
                        f -> {
                          if (f.isSuccess()) {
                            begin.run();
                          } else {
                            ctx.close();
                          }
                        });
              } finally {
                held.release();
              }
            });
  }

  private void spdy(
      ChannelHandlerContext ctx,
      FullHttpRequest req,
      String protocol,
      java.util.function.Supplier<io.netty.channel.ChannelHandler> handler) {
    List<String> offered = StreamProtocols.offered(req.headers().getAll(STREAM_PROTOCOL_HEADER));
    if (!offered.contains(protocol)) {
      respond(
          ctx,
          HttpResponseStatus.FORBIDDEN,
          "unable to upgrade: unable to negotiate protocol: client supports "
              + offered
              + ", server accepts ["
              + protocol
              + "]");
      return;
    }
    FullHttpResponse up =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
    up.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    up.headers().set(HttpHeaderNames.UPGRADE, "SPDY/3.1");
    up.headers().set(STREAM_PROTOCOL_HEADER, protocol);
    ctx.executor()
        .execute(
            () ->
                ctx.writeAndFlush(up)
                    .addListener(
                        f -> {
                          if (!f.isSuccess()) {
                            ctx.close();
                            return;
                          }
                          ChannelPipeline p = ctx.pipeline();
                          p.remove(HttpObjectAggregator.class);
                          p.replace(
                              HttpServerCodec.class,
                              "spdy",
                              new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
                          p.replace(this, "streams", handler.get());
                        }));
  }

  private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String text) {
    FullHttpResponse res =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            status,
            Unpooled.copiedBuffer(text == null ? "" : text, StandardCharsets.UTF_8));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    res.headers().set(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
    res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("kubelet API connection: {}", cause.toString());
    ctx.close();
  }
}
