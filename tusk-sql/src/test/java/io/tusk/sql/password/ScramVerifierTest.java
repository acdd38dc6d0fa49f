package io.tusk.sql.password;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.spec.PasswordSource;
import io.tusk.sql.model.PasswordSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ScramVerifierTest {

  private static final byte[] RFC7677_SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");

  @Test
  void matchesTheRfc7677ExampleExchange() throws Exception {
    // RFC 7677 section 3: user "user", password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096.
    String verifier = ScramVerifier.create("pencil", 4096, RFC7677_SALT);
    String[] parts = verifier.split("[$:]");
    assertThat(parts[0]).isEqualTo("SCRAM-SHA-256");
    assertThat(parts[1]).isEqualTo("4096");
    assertThat(parts[2]).isEqualTo("W22ZaJ0SNY7soEsUEjb6gQ==");
    byte[] storedKey = Base64.getDecoder().decode(parts[3]);
    byte[] serverKey = Base64.getDecoder().decode(parts[4]);
    String authMessage =
        "n=user,r=rOprNGfwEbeRWgbNEkqO,"
            + "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,"
            + "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";

    // The server signature of the RFC's exchange follows from ServerKey...
    assertThat(Base64.getEncoder().encodeToString(hmac(serverKey, authMessage)))
        .isEqualTo("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    // ...and the client's proof verifies against StoredKey, as a server checks it.
    byte[] proof = Base64.getDecoder().decode("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
    byte[] clientSignature = hmac(storedKey, authMessage);
    byte[] clientKey = new byte[proof.length];
    for (int i = 0; i < proof.length; i++) {
      clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
    }
    assertThat(MessageDigest.getInstance("SHA-256").digest(clientKey)).isEqualTo(storedKey);
  }

  @Test
  void agreesWithAPlainPbkdf2Computation() throws Exception {
    byte[] salt = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
    byte[] salted =
        f.generateSecret(new PBEKeySpec("Tr0ub4dor&3".toCharArray(), salt, 1000, 256)).getEncoded();
    byte[] clientKey = hmac(salted, "Client Key");
    String expected =
        "SCRAM-SHA-256$1000:"
            + Base64.getEncoder().encodeToString(salt)
            + "$"
            + Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(clientKey))
            + ":"
            + Base64.getEncoder().encodeToString(hmac(salted, "Server Key"));

    assertThat(ScramVerifier.create("Tr0ub4dor&3", 1000, salt)).isEqualTo(expected);
  }

  @Test
  void verifiesWithTheStoredSaltAndIterations() {
    String stored = ScramVerifier.create("right");

    assertThat(ScramVerifier.isVerifier(stored)).isTrue();
    assertThat(ScramVerifier.matches("right", stored)).isTrue();
    assertThat(ScramVerifier.matches("wrong", stored)).isFalse();
    assertThat(
            ScramVerifier.matches(
                "right",
                ScramVerifier.create(
                    "right",
                    8192,
                    new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})))
        .isTrue();
    // A fresh verifier has a new salt: the texts differ, the password is the same.
    assertThat(ScramVerifier.create("right")).isNotEqualTo(stored);
  }

  @Test
  void rejectsAnythingThatIsNotAVerifier() {
    assertThat(ScramVerifier.matches("x", null)).isFalse();
    assertThat(ScramVerifier.matches("x", "md5" + "0".repeat(32))).isFalse();
    assertThat(ScramVerifier.matches("x", "SCRAM-SHA-256$0:AAAA$AAAA:AAAA")).isFalse();
    assertThat(ScramVerifier.matches("x", "SCRAM-SHA-256$x:AAAA$AAAA:AAAA")).isFalse();
  }

  @Test
  void md5IsTheHashOfPasswordAndRoleName() throws Exception {
    byte[] d =
        MessageDigest.getInstance("MD5").digest("secretalice".getBytes(StandardCharsets.UTF_8));
    StringBuilder hex = new StringBuilder("md5");
    for (byte b : d) {
      hex.append(String.format("%02x", b));
    }

    assertThat(Md5Password.create("alice", "secret")).isEqualTo(hex.toString());
    assertThat(Md5Password.matches("alice", "secret", hex.toString())).isTrue();
    assertThat(Md5Password.matches("bob", "secret", hex.toString())).isFalse();
  }

  @Test
  void passwordHashesDecideBySpecAndMethod() {
    String scram = ScramVerifier.create("pw");
    String md5 = Md5Password.create("r", "pw");

    assertThat(
            PasswordHashes.satisfied(
                "r", PasswordSpec.plain("pw"), scram, PasswordEncryption.SCRAM_SHA_256))
        .isTrue();
    assertThat(
            PasswordHashes.satisfied(
                "r", PasswordSpec.plain("pw"), md5, PasswordEncryption.SCRAM_SHA_256))
        .isFalse();
    assertThat(PasswordHashes.satisfied("r", PasswordSpec.plain("pw"), md5, PasswordEncryption.MD5))
        .isTrue();
    assertThat(
            PasswordHashes.satisfied("r", PasswordSpec.plain("pw"), null, PasswordEncryption.MD5))
        .isFalse();
    assertThat(
            PasswordHashes.satisfied("r", PasswordSpec.unmanaged(), null, PasswordEncryption.MD5))
        .isTrue();
    assertThat(
            PasswordHashes.satisfied(
                "r", PasswordSpec.hashed(md5), md5, PasswordEncryption.SCRAM_SHA_256))
        .isTrue();
    assertThat(PasswordHashes.toSend("r", PasswordSpec.plain("pw"), PasswordEncryption.MD5))
        .isEqualTo(md5);
    assertThat(
            PasswordHashes.toSend("r", PasswordSpec.plain("pw"), PasswordEncryption.SCRAM_SHA_256))
        .startsWith("SCRAM-SHA-256$4096:");
    assertThat(PasswordEncryption.fromParameter("md5")).isEqualTo(PasswordEncryption.MD5);
    assertThat(PasswordEncryption.fromParameter(null)).isEqualTo(PasswordEncryption.SCRAM_SHA_256);
    assertThat(PasswordEncryption.fromParameter("bogus"))
        .isEqualTo(PasswordEncryption.SCRAM_SHA_256);
  }

  @Test
  void generatedPasswordsAreLongAndAlphanumeric() {
    String p = PasswordSource.secureRandom().next();
    assertThat(p).hasSize(64).matches("[a-zA-Z0-9]+");
    assertThat(PasswordSource.secureRandom().next()).isNotEqualTo(p);
  }

  private static byte[] hmac(byte[] key, String message) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
  }
}
