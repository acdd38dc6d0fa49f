package io.tusk.operator.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Option;
import io.tusk.config.Options;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * "Inputs unchanged since the last verified step": the SHA-256 digest of the canonical JSON of the
 * inputs a step actually used (map entries and properties sorted, so equal inputs give equal
 * digests in any JVM). Used for the object step ({@link VerifiedStates}) and the database step
 * ({@code SyncFingerprint}). Only the digest is kept: inputs may hold passwords.
 */
public final class Fingerprint {

  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
          .build();

  private Fingerprint() {}

  /** The digest of {@code parts}, named inputs that serialise to JSON. */
  public static String of(Map<String, ?> parts) {
    try {
      byte[] text = CANONICAL.writeValueAsBytes(new TreeMap<>(parts));
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("fingerprint inputs must serialise to JSON", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /**
   * Every option's value, secret ones included (a changed secret option must count as a change),
   * for {@link #of}; never shown anywhere.
   */
  public static Map<String, Object> config(OperatorConfig config) {
    Map<String, Object> values = new TreeMap<>();
    for (Option<?> option : Options.all()) {
      values.put(option.key(), value(config, option));
    }
    return values;
  }

  private static <T> Object value(OperatorConfig config, Option<T> option) {
    T value = config.get(option);
    return value == null ? null : option.type().toDisplayValue(value);
  }
}
