package io.tusk.local.pki;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.tusk.local.pki.CertificateAuthority.Issued;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes kubeconfig files (certificates embedded, so a file is self-contained) and opens fabric8
 * clients from them.
 */
public final class Kubeconfigs {

  public static final String CONTEXT = "tusk-local";
  private static final YAMLMapper YAML = new YAMLMapper();

  private Kubeconfigs() {}

  /**
   * Writes a kubeconfig with one cluster, user and context. Plain Jackson YAML rather than
   * fabric8's model: this runs on the critical path of {@code up}, before the (slow to initialise)
   * fabric8 serialisation is needed.
   */
  static void write(Path file, String server, String caPem, String user, Issued identity)
      throws IOException {
    Map<String, Object> cluster = new LinkedHashMap<>();
    cluster.put("server", server);
    cluster.put("certificate-authority-data", b64(caPem));
    Map<String, Object> auth = new LinkedHashMap<>();
    auth.put("client-certificate-data", b64(Pem.encode(identity.certificate())));
    auth.put("client-key-data", b64(Pem.encode(identity.keyPair())));
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("cluster", CONTEXT);
    context.put("user", user);
    context.put("namespace", "default");
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("apiVersion", "v1");
    config.put("kind", "Config");
    config.put("clusters", List.of(Map.of("name", CONTEXT, "cluster", cluster)));
    config.put("users", List.of(Map.of("name", user, "user", auth)));
    config.put("contexts", List.of(Map.of("name", CONTEXT, "context", context)));
    config.put("current-context", CONTEXT);
    config.put("preferences", Map.of());
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, YAML.writeValueAsString(config));
  }

  /** The fabric8 client configuration of a kubeconfig file. */
  public static io.fabric8.kubernetes.client.Config clientConfig(Path kubeconfig)
      throws IOException {
    return io.fabric8.kubernetes.client.Config.fromKubeconfig(Files.readString(kubeconfig));
  }

  public static KubernetesClient client(Path kubeconfig) throws IOException {
    return client(clientConfig(kubeconfig));
  }

  /**
   * A client on fabric8's default (Vert.x) HTTP transport, chosen explicitly: class paths that also
   * carry the JDK transport otherwise get a random one and a warning.
   */
  public static KubernetesClient client(io.fabric8.kubernetes.client.Config config) {
    return new KubernetesClientBuilder()
        .withHttpClientFactory(new io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory())
        .withConfig(config)
        .build();
  }

  private static String b64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
  }
}
