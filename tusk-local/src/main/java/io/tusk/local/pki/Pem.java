package io.tusk.local.pki;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;

/** PEM encoding of certificates and keys (private key files get mode 0600). */
public final class Pem {

  private Pem() {}

  public static String encode(X509Certificate cert) {
    return write(cert);
  }

  public static String encode(PublicKey key) {
    return write(key);
  }

  /**
   * An unencrypted private key in OpenSSL's traditional form ({@code BEGIN EC PRIVATE KEY} for
   * ECDSA). fabric8 picks the key algorithm from that header; with PKCS#8's neutral {@code BEGIN
   * PRIVATE KEY} it assumes RSA and fails on EC keys.
   */
  public static String encode(KeyPair pair) {
    if (!(pair.getPrivate() instanceof ECPrivateKey priv)) {
      return write(pair.getPrivate());
    }
    // The JDK's PKCS#8 encoding keeps the curve in the outer algorithm identifier only; SEC1
    // needs it (and the public point) inside, so the structure is rebuilt with both.
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(priv.getEncoded());
    ASN1Encodable curve = info.getPrivateKeyAlgorithm().getParameters();
    SubjectPublicKeyInfo pub = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
    org.bouncycastle.asn1.sec.ECPrivateKey sec1 =
        new org.bouncycastle.asn1.sec.ECPrivateKey(
            priv.getParams().getOrder().bitLength(), priv.getS(), pub.getPublicKeyData(), curve);
    try {
      return write(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String write(Object o) {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sw.toString();
  }

  /** Writes a PEM file; private material is readable by the owner only. */
  public static void writeFile(Path file, String pem, boolean secret) throws IOException {
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    if (secret) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(file, pem);
  }
}
