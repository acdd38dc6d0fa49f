package io.tusk.local.objectstorage;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.local.pods.PodNetwork;
import io.tusk.local.state.StateLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local object storage: versitygw's POSIX backend over {@code object-storage/data} in the state
 * directory (each top-level directory is a bucket, each object a plain file below it), listening on
 * the pod network's host address, where the host and every pod reach it.
 *
 * <p>The root keys are generated on the first start and kept in {@code object-storage/credentials}
 * (mode 0600). Clusters get them through the Secret {@value #SECRET_NAME}, whose keys are the
 * environment variables Spilo reads ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
 * {@code AWS_ENDPOINT}, {@code AWS_REGION}, {@code AWS_S3_FORCE_PATH_STYLE}, and the same with the
 * prefixes {@code CLONE_} and {@code STANDBY_} for clones and standby clusters), so that the
 * operator option {@code pod_environment_secret} can name it.
 */
public final class ObjectStorage {

  /** The address it listens on: the host's address on the pod bridge. */
  public static final String ADDRESS = PodNetwork.BRIDGE_IP;

  public static final String REGION = "us-east-1";

  /** The Secret (in {@value #SECRET_NAMESPACE}) with the keys and the endpoint. */
  public static final String SECRET_NAME = "tusk-object-storage";

  public static final String SECRET_NAMESPACE = "default";

  /** The bucket every {@code up} creates. */
  public static final String DEFAULT_BUCKET = "tusk-backups";

  /** S3's bucket naming rules (lower case, digits, dots and hyphens, 3 to 63 characters). */
  private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private ObjectStorage() {}

  /** The access key pair; {@link #toString()} leaves the secret key out. */
  public record Credentials(String accessKey, String secretKey) {
    @Override
    public String toString() {
      return "Credentials[accessKey=" + accessKey + "]";
    }
  }

  public static String endpoint(int port) {
    return "http://" + ADDRESS + ":" + port;
  }

  public static Path dataRoot(StateLayout l) {
    return l.objectStorage().resolve("data");
  }

  /** versitygw's command-line flags (the keys go through its environment, not its arguments). */
  public static List<String> flags(StateLayout l, int port) {
    return List.of("--port", ADDRESS + ":" + port, "--quiet", "posix", dataRoot(l).toString());
  }

  /** versitygw's environment: the root keys and the region. */
  public static Map<String, String> environment(Credentials c) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ROOT_ACCESS_KEY_ID", c.accessKey());
    env.put("ROOT_SECRET_ACCESS_KEY", c.secretKey());
    env.put("VGW_REGION", REGION);
    return env;
  }

  /** The keys of this state directory, generated (and written with mode 0600) on first use. */
  public static Credentials credentials(StateLayout l) throws IOException {
    Path file = l.objectStorage().resolve("credentials");
    Properties p = new Properties();
    if (Files.isRegularFile(file)) {
      try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(in);
      }
      return new Credentials(p.getProperty("access_key"), p.getProperty("secret_key"));
    }
    SecureRandom random = new SecureRandom();
    byte[] id = new byte[10];
    byte[] secret = new byte[30];
    random.nextBytes(id);
    random.nextBytes(secret);
    Credentials c =
        new Credentials(
            "TUSK" + HexFormat.of().formatHex(id).toUpperCase(java.util.Locale.ROOT),
            HexFormat.of().formatHex(secret));
    privateDirectory(l.objectStorage());
    Path tmp = file.resolveSibling("credentials.tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(
        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(
        tmp,
        "access_key=" + c.accessKey() + "\nsecret_key=" + c.secretKey() + "\n",
        StandardCharsets.UTF_8);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return c;
  }

  /**
   * Creates the buckets that do not exist yet (a directory per bucket).
   *
   * @throws IllegalArgumentException naming a bucket name S3 does not accept
   */
  public static List<String> createBuckets(StateLayout l, Collection<String> names)
      throws IOException {
    List<String> created = new ArrayList<>();
    privateDirectory(l.objectStorage());
    privateDirectory(dataRoot(l));
    for (String name : names) {
      checkBucketName(name);
      Path dir = dataRoot(l).resolve(name);
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        created.add(name);
      }
    }
    return created;
  }

  public static void checkBucketName(String name) {
    if (name == null || !BUCKET_NAME.matcher(name).matches() || name.contains("..")) {
      throw new IllegalArgumentException(
          "bucket name '"
              + name
              + "' is not valid: 3 to 63 characters of a-z, 0-9, '.' and '-', starting and ending"
              + " with a letter or digit");
    }
  }

  /**
   * A directory only root reads: the objects are whole base backups and WAL, password hashes
   * included.
   */
  private static void privateDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
  }

  /** The buckets there are (the top-level directories). */
  public static List<String> buckets(StateLayout l) throws IOException {
    Path root = dataRoot(l);
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("."))
          .sorted()
          .toList();
    }
  }

  /** The Secret clusters name in {@code pod_environment_secret} (copied to their namespace). */
  public static Secret secret(String namespace, int port, Credentials c) {
    Map<String, String> data = new LinkedHashMap<>();
    // Spilo reads a clone's and a standby's source with the CLONE_ and STANDBY_ prefixes (as
    // Zalando's documentation has users set them for S3-compatible storage).
    for (String prefix : List.of("", "CLONE_", "STANDBY_")) {
      data.put(prefix + "AWS_ACCESS_KEY_ID", c.accessKey());
      data.put(prefix + "AWS_SECRET_ACCESS_KEY", c.secretKey());
      data.put(prefix + "AWS_ENDPOINT", endpoint(port));
      data.put(prefix + "AWS_REGION", REGION);
      data.put(prefix + "AWS_S3_FORCE_PATH_STYLE", "true");
    }
    return new SecretBuilder()
        .withNewMetadata()
        .withName(SECRET_NAME)
        .withNamespace(namespace)
        .addToLabels("app.kubernetes.io/managed-by", "tusk-local")
        .endMetadata()
        .withType("Opaque")
        .withStringData(data)
        .build();
  }

  /** Writes the Secret into {@code namespace} (replacing one that is there). */
  public static void publish(KubernetesClient client, String namespace, int port, Credentials c) {
    Secret s = secret(namespace, port, c);
    client.secrets().inNamespace(namespace).resource(s).forceConflicts().serverSideApply();
  }
}
