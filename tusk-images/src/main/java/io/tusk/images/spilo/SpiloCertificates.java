package io.tusk.images.spilo;

import io.tusk.images.ContainerContext;
import io.tusk.images.ImageException;
import io.tusk.images.PodUser;
import io.tusk.images.SelfSignedCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The server certificate of a Spilo container: the contents from {@code SSL_CERTIFICATE} / {@code
 * SSL_PRIVATE_KEY}, or the files named by {@code SSL_CERTIFICATE_FILE} / {@code
 * SSL_PRIVATE_KEY_FILE} (e.g. the operator's {@code /tls} mount) when the key exists, else a
 * self-signed certificate for {@code CN=spilo.example.org} that is kept across restarts. Everything
 * is copied into the container's scratch directory, private to the pod user, because PostgreSQL
 * refuses keys that others can read.
 *
 * <p>Mirrors {@code configure_spilo.py#write_certificates}.
 */
final class SpiloCertificates {

  private SpiloCertificates() {}

  static Optional<NodeLayout.SslFiles> prepare(
      SpiloStartupEnv env, ContainerContext ctx, PodUser user, Path certDir, List<String> notes)
      throws IOException, ImageException {
    user.directory(certDir, "rwx------");
    Path cert = certDir.resolve("server.crt");
    Path key = certDir.resolve("server.key");
    Optional<Path> ca = Optional.empty();
    Optional<Path> crl = Optional.empty();
    if (env.isSet("SSL_CERTIFICATE") && env.isSet("SSL_PRIVATE_KEY")) {
      user.privateFile(cert, env.value("SSL_CERTIFICATE").orElseThrow());
      user.privateFile(key, env.value("SSL_PRIVATE_KEY").orElseThrow());
      if (env.isSet("SSL_CA")) {
        ca =
            Optional.of(
                user.privateFile(certDir.resolve("ca.crt"), env.value("SSL_CA").orElseThrow()));
      }
      if (env.isSet("SSL_CRL")) {
        crl =
            Optional.of(
                user.privateFile(
                    certDir.resolve("server.crl"), env.value("SSL_CRL").orElseThrow()));
      }
      notes.add("SSL: certificate from SSL_CERTIFICATE / SSL_PRIVATE_KEY");
    } else {
      Optional<Path> mountedKey =
          env.value("SSL_PRIVATE_KEY_FILE").map(ctx::hostPath).filter(Files::isRegularFile);
      Optional<Path> mountedCert =
          env.value("SSL_CERTIFICATE_FILE").map(ctx::hostPath).filter(Files::isRegularFile);
      if (mountedKey.isPresent() && mountedCert.isPresent()) {
        user.privateCopy(mountedCert.get(), cert);
        user.privateCopy(mountedKey.get(), key);
        notes.add("SSL: certificate from " + env.value("SSL_CERTIFICATE_FILE").orElseThrow());
      } else if (!(Files.isRegularFile(key) && Files.isRegularFile(cert))) {
        SelfSignedCertificate.create(cert, key, "spilo.example.org", user);
        notes.add("SSL: self-signed certificate (CN=spilo.example.org)");
      }
      Optional<Path> caFile =
          env.value("SSL_CA_FILE").map(ctx::hostPath).filter(Files::isRegularFile);
      if (caFile.isPresent()) {
        ca = Optional.of(user.privateCopy(caFile.get(), certDir.resolve("ca.crt")));
      }
      Optional<Path> crlFile =
          env.value("SSL_CRL_FILE").map(ctx::hostPath).filter(Files::isRegularFile);
      if (crlFile.isPresent()) {
        crl = Optional.of(user.privateCopy(crlFile.get(), certDir.resolve("server.crl")));
      }
    }
    return Optional.of(new NodeLayout.SslFiles(cert, key, ca, crl));
  }
}
