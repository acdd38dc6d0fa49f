package io.tusk.local.kubelet;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.tusk.local.pki.TlsContexts;
import io.tusk.local.pods.PodRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS server of the kubelet API on 127.0.0.1 (a free port, which the agent publishes as the
 * nodes' {@code daemonEndpoints.kubeletEndpoint.Port}). TLS requires a client certificate issued by
 * the local CA; each connection gets a {@link KubeletHttpHandler}.
 */
public final class KubeletServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KubeletServer.class);

  /**
   * The PKI files of the server.
   *
   * @param caFile the CA whose client certificates are accepted
   * @param certFile the serving certificate (IP SAN 127.0.0.1)
   * @param keyFile its key
   */
  public record Settings(Path caFile, Path certFile, Path keyFile) {

    /** Whether all files exist (a control plane set up before the kubelet API had none). */
    public boolean present() {
      return Files.isRegularFile(caFile)
          && Files.isRegularFile(certFile)
          && Files.isRegularFile(keyFile);
    }
  }

  private final EventLoopGroup boss = new NioEventLoopGroup(1, threads("kubelet-api-accept"));
  private final EventLoopGroup workers = new NioEventLoopGroup(2, threads("kubelet-api-io"));
  private final ExecutorService blocking = Executors.newCachedThreadPool(threads("kubelet-api"));
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(threads("kubelet-api-timer"));
  private Channel server;

  private KubeletServer() {}

  /**
   * Starts serving on 127.0.0.1 and a free port.
   *
   * @param client the agent's client, for SubjectAccessReviews
   * @param runtime the pods that run as processes; null when pods are simulated
   */
  public static KubeletServer start(Settings settings, KubernetesClient client, PodRuntime runtime)
      throws IOException {
    KubeletServer s = new KubeletServer();
    try {
      s.bind(sslContext(settings), new NodeAuthorizer(client), runtime);
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  private void bind(SslContext ssl, NodeAuthorizer authorizer, PodRuntime runtime)
      throws IOException {
    ServerBootstrap b =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(ssl.newHandler(ch.alloc()))
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(1 << 20))
                        .addLast(new KubeletHttpHandler(runtime, authorizer, blocking, timer));
                  }
                });
    try {
      server = b.bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while binding the kubelet API", e);
    }
    LOG.info("kubelet API (logs, exec, port-forward) on https://127.0.0.1:{}", port());
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  private static SslContext sslContext(Settings s) throws IOException {
    try {
      return SslContextBuilder.forServer(
              TlsContexts.readKey(s.keyFile()), readCertificate(s.certFile()))
          .trustManager(readCertificate(s.caFile()))
          .clientAuth(ClientAuth.REQUIRE)
          .sslProvider(SslProvider.JDK)
          .build();
    } catch (javax.net.ssl.SSLException e) {
      throw new IOException("cannot set up TLS for the kubelet API: " + e.getMessage(), e);
    }
  }

  private static X509Certificate readCertificate(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read certificate " + file, e);
    }
  }

  private static ThreadFactory threads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().awaitUninterruptibly();
    }
    boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    blocking.shutdownNow();
    timer.shutdownNow();
  }
}
