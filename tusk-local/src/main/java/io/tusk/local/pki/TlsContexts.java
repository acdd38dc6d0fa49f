package io.tusk.local.pki;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * TLS client contexts for talking to the local components directly (health checks during {@code
 * up}): trust only the control plane's CA and present a client certificate from the PKI directory.
 */
public final class TlsContexts {

  private TlsContexts() {}

  /**
   * An SSL context trusting {@code caFile} and authenticating with {@code certFile}/{@code
   * keyFile}.
   */
  public static SSLContext mutual(Path caFile, Path certFile, Path keyFile) throws IOException {
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      X509Certificate ca;
      X509Certificate cert;
      try (var in = Files.newInputStream(caFile)) {
        ca = (X509Certificate) cf.generateCertificate(in);
      }
      try (var in = Files.newInputStream(certFile)) {
        cert = (X509Certificate) cf.generateCertificate(in);
      }
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);

      char[] pass = "local".toCharArray();
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("client", readKey(keyFile), pass, new Certificate[] {cert, ca});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, pass);

      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot build TLS context from " + caFile.getParent(), e);
    }
  }

  /** The private key in a PEM file (PKCS#8 or a traditional key pair). */
  public static PrivateKey readKey(Path keyFile) throws IOException {
    try (Reader r = Files.newBufferedReader(keyFile);
        PEMParser p = new PEMParser(r)) {
      Object o = p.readObject();
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      if (o instanceof PrivateKeyInfo info) {
        return conv.getPrivateKey(info);
      }
      if (o instanceof PEMKeyPair kp) {
        return conv.getKeyPair(kp).getPrivate();
      }
      throw new IOException(keyFile + " holds no private key");
    }
  }
}
