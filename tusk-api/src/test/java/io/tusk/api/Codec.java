package io.tusk.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;

/**
 * The two ways Tusk code turns resources into objects and back: plain Jackson, and fabric8's {@link
 * KubernetesSerialization} (used by the Kubernetes client and the operator framework).
 */
public interface Codec {

  <T> T read(JsonNode tree, Class<T> type);

  JsonNode write(Object value);

  Codec JACKSON =
      new Codec() {
        private final ObjectMapper mapper = new ObjectMapper();

        @Override
        public <T> T read(JsonNode tree, Class<T> type) {
          return mapper.convertValue(tree, type);
        }

        @Override
        public JsonNode write(Object value) {
          return mapper.valueToTree(value);
        }

        @Override
        public String toString() {
          return "jackson";
        }
      };

  Codec FABRIC8 =
      new Codec() {
        private final KubernetesSerialization serialization = new KubernetesSerialization();

        @Override
        public <T> T read(JsonNode tree, Class<T> type) {
          return serialization.unmarshal(tree.toString(), type);
        }

        @Override
        public JsonNode write(Object value) {
          return Yaml.read(serialization.asJson(value));
        }

        @Override
        public String toString() {
          return "fabric8";
        }
      };

  static List<Codec> all() {
    return List.of(JACKSON, FABRIC8);
  }
}
