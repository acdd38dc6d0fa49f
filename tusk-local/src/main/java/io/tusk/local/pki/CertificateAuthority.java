package io.tusk.local.pki;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for one local control plane: it signs the API server's serving
 * certificate and the client certificates that Kubernetes maps to users and groups (CN = user, O =
 * groups), like kubeadm's {@code /etc/kubernetes/pki/ca.crt}. Keys are ECDSA P-256: generated in
 * milliseconds (RSA keys took seconds each, a large part of {@code up}), and read by every client
 * (Go, fabric8, kubectl) without extra providers.
 */
public final class CertificateAuthority {

  private static final Duration CA_VALIDITY = Duration.ofDays(3650);
  private static final Duration LEAF_VALIDITY = Duration.ofDays(365);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyPair keyPair;
  private final X509Certificate certificate;

  private CertificateAuthority(KeyPair keyPair, X509Certificate certificate) {
    this.keyPair = keyPair;
    this.certificate = certificate;
  }

  /** A certificate and the key pair it certifies. */
  public record Issued(X509Certificate certificate, KeyPair keyPair) {
    public PrivateKey key() {
      return keyPair.getPrivate();
    }
  }

  /** What a leaf certificate is for, and which names it is valid for. */
  public record LeafSpec(
      String commonName,
      List<String> organizations,
      List<String> dnsNames,
      List<String> ipAddresses,
      boolean serverAuth,
      boolean clientAuth) {

    public static LeafSpec client(String user, String... groups) {
      return new LeafSpec(user, List.of(groups), List.of(), List.of(), false, true);
    }
  }

  /** A fresh ECDSA P-256 key pair. */
  public static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Creates a self-signed CA named {@code commonName}. */
  public static CertificateAuthority create(String commonName) {
    KeyPair kp = newKeyPair();
    X500Name name = name(commonName, List.of());
    Instant now = Instant.now();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              name,
              serial(),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(CA_VALIDITY)),
              name,
              kp.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
      return new CertificateAuthority(kp, sign(b, kp.getPrivate()));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create CA certificate", e);
    }
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public KeyPair keyPair() {
    return keyPair;
  }

  /** Issues a leaf certificate with a fresh key. */
  public Issued issue(LeafSpec spec) {
    KeyPair kp = newKeyPair();
    Instant now = Instant.now();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              certificate,
              serial(),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(LEAF_VALIDITY)),
              name(spec.commonName(), spec.organizations()),
              kp.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      List<KeyPurposeId> purposes = new ArrayList<>();
      if (spec.serverAuth()) {
        purposes.add(KeyPurposeId.id_kp_serverAuth);
      }
      if (spec.clientAuth()) {
        purposes.add(KeyPurposeId.id_kp_clientAuth);
      }
      b.addExtension(
          Extension.extendedKeyUsage,
          false,
          new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
      b.addExtension(
          Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
      List<GeneralName> sans = new ArrayList<>();
      spec.dnsNames().forEach(d -> sans.add(new GeneralName(GeneralName.dNSName, d)));
      for (String ip : spec.ipAddresses()) {
        requireLiteralIp(ip);
        sans.add(new GeneralName(GeneralName.iPAddress, ip));
      }
      if (!sans.isEmpty()) {
        b.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(sans.toArray(GeneralName[]::new)));
      }
      return new Issued(sign(b, keyPair.getPrivate()), kp);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot issue certificate for " + spec.commonName(), e);
    }
  }

  private static void requireLiteralIp(String ip) {
    if (!ip.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      throw new IllegalArgumentException("not an IP address literal: " + ip);
    }
    try {
      InetAddress.getByName(ip); // literal: no lookup happens
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + ip, e);
    }
  }

  private static X500Name name(String cn, List<String> orgs) {
    X500NameBuilder nb = new X500NameBuilder(BCStyle.INSTANCE);
    orgs.forEach(o -> nb.addRDN(BCStyle.O, o));
    nb.addRDN(BCStyle.CN, cn);
    return nb.build();
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }
}
