package io.tusk.spec.spilo;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Serialises a tree of maps, lists, strings, booleans and numbers byte for byte the way Go's {@code
 * encoding/json.Marshal} does: map keys sorted, no whitespace, and Go's string escaping ({@code <},
 * {@code >}, {@code &}, U+2028/U+2029 and control characters as lower-case {@code \\u00xx}).
 *
 * <p>Why: Zalando's unit tests (and users diffing StatefulSets) compare {@code SPILO_CONFIGURATION}
 * and {@code KUBERNETES_LABELS} as exact strings, so Tusk renders them exactly as {@code
 * k8sres.go#generateSpiloJSONConfiguration} (v2.0.1) does. Callers decide key order for struct-like
 * objects by passing a {@link java.util.LinkedHashMap}; any other {@link Map} is written with
 * sorted keys, like a Go map.
 */
public final class GoJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private GoJson() {}

  /** Writes {@code value} as compact JSON using Go's conventions. */
  public static String write(Object value) {
    StringWriter out = new StringWriter();
    try (JsonGenerator gen = MAPPER.getFactory().createGenerator(out)) {
      gen.setCharacterEscapes(GoEscapes.INSTANCE);
      writeValue(gen, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Parses JSON into a Jackson tree; returns {@code null} when the text is not valid JSON. */
  public static JsonNode parseOrNull(String json) {
    if (json == null) {
      return null;
    }
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      return null;
    }
  }

  private static void writeValue(JsonGenerator gen, Object value) throws IOException {
    if (value == null) {
      gen.writeNull();
    } else if (value instanceof String s) {
      gen.writeString(s);
    } else if (value instanceof Boolean b) {
      gen.writeBoolean(b);
    } else if (value instanceof Integer i) {
      gen.writeNumber(i);
    } else if (value instanceof Long l) {
      gen.writeNumber(l);
    } else if (value instanceof Number n) {
      gen.writeNumber(n.toString());
    } else if (value instanceof Map<?, ?> map) {
      gen.writeStartObject();
      Map<?, ?> ordered = map instanceof java.util.LinkedHashMap<?, ?> ? map : sorted(map);
      for (Map.Entry<?, ?> e : ordered.entrySet()) {
        gen.writeFieldName(String.valueOf(e.getKey()));
        writeValue(gen, e.getValue());
      }
      gen.writeEndObject();
    } else if (value instanceof List<?> list) {
      gen.writeStartArray();
      for (Object item : list) {
        writeValue(gen, item);
      }
      gen.writeEndArray();
    } else {
      throw new IllegalArgumentException("unsupported JSON value type " + value.getClass());
    }
  }

  private static Map<String, Object> sorted(Map<?, ?> map) {
    Map<String, Object> result = new TreeMap<>();
    map.forEach((k, v) -> result.put(String.valueOf(k), v));
    return result;
  }

  /** Go's {@code encodeState.string} escaping with HTML escaping on (the Marshal default). */
  private static final class GoEscapes extends CharacterEscapes {
    static final GoEscapes INSTANCE = new GoEscapes();
    private static final int[] ESCAPES;

    static {
      int[] esc = CharacterEscapes.standardAsciiEscapesForJSON();
      for (int c = 0; c < 0x20; c++) {
        esc[c] = CharacterEscapes.ESCAPE_CUSTOM;
      }
      esc['<'] = CharacterEscapes.ESCAPE_CUSTOM;
      esc['>'] = CharacterEscapes.ESCAPE_CUSTOM;
      esc['&'] = CharacterEscapes.ESCAPE_CUSTOM;
      ESCAPES = esc;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ESCAPES;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      switch (ch) {
        case '\n':
          return new SerializedString("\\n");
        case '\r':
          return new SerializedString("\\r");
        case '\t':
          return new SerializedString("\\t");
        case '\b':
          return new SerializedString("\\b");
        case '\f':
          return new SerializedString("\\f");
        default:
          if (ch < 0x20 || ch == '<' || ch == '>' || ch == '&' || ch == 0x2028 || ch == 0x2029) {
            return new SerializedString(String.format("\\u%04x", ch));
          }
          return null;
      }
    }
  }
}
