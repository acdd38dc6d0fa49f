package io.tusk.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** YAML reading helpers for tests. */
public final class Yaml {

  public static final YAMLMapper MAPPER = new YAMLMapper();

  private Yaml() {}

  /** All non-empty documents of a (multi-document) YAML file. */
  public static List<JsonNode> documents(Path file) {
    try (MappingIterator<JsonNode> it =
        MAPPER.readerFor(JsonNode.class).readValues(file.toFile())) {
      List<JsonNode> docs = new ArrayList<>();
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          docs.add(doc);
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public static JsonNode read(String yaml) {
    try {
      return MAPPER.readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A copy of {@code node} without null-valued object fields and with numbers re-read from text, so
   * that e.g. an int and a long holding the same value compare equal.
   */
  public static JsonNode withoutNulls(JsonNode node) {
    try {
      JsonNode copy = MAPPER.readTree(MAPPER.writeValueAsString(node));
      stripNulls(copy);
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void stripNulls(JsonNode node) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getValue().isNull()) {
          fields.remove();
        } else {
          stripNulls(field.getValue());
        }
      }
    } else if (node != null && node.isArray()) {
      node.forEach(Yaml::stripNulls);
    }
  }
}
