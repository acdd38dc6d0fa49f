package io.tusk.api.acid.v1;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.ser.BeanSerializer;
import io.fabric8.kubernetes.api.model.FieldsV1;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds the properties of a parsed resource that no typed field understood, e.g. a misspelt {@code
 * spec.topologySpreadConstraint}, so the operator can warn about them (Zalando's operator drops
 * them silently). Works on Tusk's model objects and on the fabric8 Kubernetes types nested in them,
 * both of which keep unknown properties in a Jackson any-getter map.
 *
 * <p>Paths use dots for object fields, {@code [i]} for list elements and {@code ["key"]} for map
 * keys that are not plain identifiers, for example {@code spec.patroni.bar}, {@code
 * spec.sidecars[0].foo} or {@code spec.streams[0].tables["data.t"].foo}.
 */
public final class UnknownFields {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_\\-]+");

  private UnknownFields() {}

  /**
   * Returns the JSON paths of all unknown properties below {@code model}, in document order. The
   * root itself has the empty path, so an unknown top-level field {@code foo} is reported as {@code
   * foo} and one in the spec as {@code spec.foo}.
   */
  public static List<String> paths(Object model) {
    List<String> out = new ArrayList<>();
    walk(model, "", out);
    return out;
  }

  private static void walk(Object value, String path, List<String> out) {
    if (value == null || isScalar(value) || value instanceof FieldsV1) {
      // FieldsV1 (metadata.managedFields[].fieldsV1) is free-form by design: the field set a
      // manager owns, kept entirely in the any-getter map. Nothing in it is unknown.
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, child(path, String.valueOf(k)), out));
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", out);
      }
      return;
    }
    if (!isBean(value.getClass())) {
      return;
    }
    SerializationConfig config = MAPPER.getSerializationConfig();
    BeanDescription bean = config.introspect(MAPPER.constructType(value.getClass()));
    AnnotatedMember anyGetter = bean.findAnyGetter();
    if (anyGetter != null && anyGetter.getValue(value) instanceof Map<?, ?> unknown) {
      unknown.keySet().forEach(k -> out.add(child(path, String.valueOf(k))));
    }
    for (BeanPropertyDefinition property : bean.findProperties()) {
      AnnotatedMember accessor = property.getAccessor();
      if (accessor != null) {
        walk(accessor.getValue(value), child(path, property.getName()), out);
      }
    }
  }

  /**
   * Only values Jackson writes as ordinary beans can carry unknown properties; types with custom
   * serializers (Quantity, IntOrString, ...) and JSON trees are leaves.
   */
  private static boolean isBean(Class<?> type) {
    try {
      JavaType javaType = MAPPER.constructType(type);
      JsonSerializer<Object> serializer =
          MAPPER.getSerializerProviderInstance().findValueSerializer(javaType);
      return serializer instanceof BeanSerializer;
    } catch (JsonMappingException e) {
      return false;
    }
  }

  private static boolean isScalar(Object value) {
    return value instanceof CharSequence
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof Enum<?>
        || value instanceof JsonNode;
  }

  private static String child(String path, String key) {
    if (PLAIN_KEY.matcher(key).matches()) {
      return path.isEmpty() ? key : path + "." + key;
    }
    return path + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
  }
}
