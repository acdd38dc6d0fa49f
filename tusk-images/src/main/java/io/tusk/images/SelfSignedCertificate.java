package io.tusk.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * A self-signed server certificate made with {@code openssl req -nodes -new -x509}, as Spilo's
 * {@code configure_spilo.py} ({@code CN=spilo.example.org}) and the pooler image's {@code
 * entrypoint.sh} ({@code CN=spilo.dummy.org}) make them. The key is private to the pod user.
 */
public final class SelfSignedCertificate {

  private SelfSignedCertificate() {}

  public static void create(Path cert, Path key, String commonName, PodUser user)
      throws IOException, ImageException {
    ExternalCommand.Result r =
        ExternalCommand.run(
            List.of(
                "openssl",
                "req",
                "-nodes",
                "-new",
                "-x509",
                "-subj",
                "/CN=" + commonName,
                "-keyout",
                key.toString(),
                "-out",
                cert.toString()),
            Duration.ofMinutes(1));
    if (!r.ok()) {
      throw new ImageException(
          "cannot create a self-signed certificate with openssl (install the openssl package): "
              + r.tail(2));
    }
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Files.setPosixFilePermissions(cert, PosixFilePermissions.fromString("rw-r--r--"));
    user.own(key);
    user.own(cert);
  }
}
