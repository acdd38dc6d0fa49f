package io.tusk.sql.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** The upstream example manifests in {@code shared/reference/zalando-v2.0.1/manifests}. */
public final class ReferenceManifests {

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private ReferenceManifests() {}

  public static Path dir() {
    String ref = System.getProperty("tusk.reference.dir");
    Path base = ref != null ? Path.of(ref) : Path.of("../../shared/reference");
    Path manifests = base.resolve("zalando-v2.0.1/manifests");
    if (!Files.isDirectory(manifests)) {
      throw new IllegalStateException("reference manifests not found at " + manifests);
    }
    return manifests;
  }

  public static JsonNode read(String file) {
    try {
      return YAML.readTree(dir().resolve(file).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <T> T read(String file, Class<T> type) {
    return YAML.convertValue(read(file), type);
  }

  /** A Secret manifest's {@code data}, base64-decoded. */
  public static Map<String, String> secretData(String file) {
    Map<String, String> out = new LinkedHashMap<>();
    read(file)
        .get("data")
        .fields()
        .forEachRemaining(
            e ->
                out.put(
                    e.getKey(),
                    new String(
                        Base64.getDecoder().decode(e.getValue().asText()),
                        StandardCharsets.UTF_8)));
    return out;
  }

  /** A ConfigMap manifest's {@code data}. */
  public static Map<String, String> configMapData(String file) {
    Map<String, String> out = new LinkedHashMap<>();
    read(file)
        .get("data")
        .fields()
        .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
