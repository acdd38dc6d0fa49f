package io.tusk.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of the operator configuration: one value for every option in {@link
 * Options}, plus the {@link Source} it was loaded from.
 *
 * <p>Mirrors Zalando's {@code config.go#Config} value after {@code NewFromMap} or {@code
 * operator_config.go#importConfigurationFromCRD} (v2.0.1). Two snapshots are equal when they have
 * the same source and values, so the operator can tell whether a reloaded configuration changed.
 * {@link #toString()} and {@link #toDisplayMap()} never reveal options marked {@linkplain
 * Option#isSecret() secret}.
 */
public final class OperatorConfig {

  /** What {@link #toDisplayMap()} shows instead of a non-empty secret value. */
  public static final String MASK = "******";

  private final Source source;
  private final Map<Option<?>, Object> values;

  private OperatorConfig(Source source, Map<Option<?>, Object> values) {
    this.source = Objects.requireNonNull(source, "source");
    this.values = Collections.unmodifiableMap(values);
  }

  /** The built-in defaults of the given source (what an empty ConfigMap or resource yields). */
  public static OperatorConfig defaults(Source source) {
    Map<Option<?>, Object> values = new LinkedHashMap<>();
    for (Option<?> option : Options.all()) {
      values.put(option, option.defaultValue(source));
    }
    return new OperatorConfig(source, values);
  }

  /** Starts a snapshot from the defaults of {@code source}; used by the loaders. */
  static Builder builder(Source source) {
    return new Builder(defaults(source));
  }

  /** The source this snapshot was loaded from (and whose defaults fill omitted keys). */
  public Source source() {
    return source;
  }

  /**
   * The value of an option. May be null for options without a default (for example {@code
   * spilo_runasuser}, {@code liveness_probe}); collections are never null.
   */
  public <T> T get(Option<T> option) {
    if (!values.containsKey(option)) {
      throw new IllegalArgumentException("not a declared option: " + option.key());
    }
    @SuppressWarnings("unchecked")
    T value = (T) values.get(option);
    return option.type().defensiveCopy(value);
  }

  /** A copy with one value replaced (tests, command-line flags). */
  public <T> OperatorConfig withOverride(Option<T> option, T value) {
    return new Builder(this).set(option, value).build();
  }

  /**
   * A copy with {@code watched_namespace} replaced by the value of the {@code WATCHED_NAMESPACE}
   * environment variable, as Zalando's {@code controller.go#modifyConfigFromEnvironment} does. A
   * null or empty value leaves the configured namespace in place.
   */
  public OperatorConfig withWatchedNamespace(String watchedNamespaceFromEnvironment) {
    if (watchedNamespaceFromEnvironment == null || watchedNamespaceFromEnvironment.isEmpty()) {
      return this;
    }
    return withOverride(Options.WATCHED_NAMESPACE, watchedNamespaceFromEnvironment);
  }

  /**
   * The namespace to watch: the configured one, else {@code operatorNamespace}; {@code "*"} means
   * all namespaces (mirrors {@code controller.go#getEffectiveNamespace}).
   */
  public String effectiveWatchedNamespace(String operatorNamespace) {
    String configured = get(Options.WATCHED_NAMESPACE);
    return configured == null || configured.isEmpty() ? operatorNamespace : configured;
  }

  /**
   * Every option as key to a JSON-friendly value (strings, booleans, numbers, lists, maps;
   * durations as Go duration strings), ordered by key. Non-empty secret values are replaced by
   * {@link #MASK}.
   */
  public Map<String, Object> toDisplayMap() {
    Map<String, Object> display = new java.util.TreeMap<>();
    values.forEach((option, value) -> display.put(option.key(), displayValue(option, value)));
    return Collections.unmodifiableMap(display);
  }

  @SuppressWarnings("unchecked")
  private static <T> Object displayValue(Option<T> option, Object value) {
    if (option.isSecret()) {
      return value == null || value.toString().isEmpty() ? "" : MASK;
    }
    return value == null ? null : option.type().toDisplayValue((T) value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OperatorConfig other
        && other.source == source
        && other.values.equals(values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, values);
  }

  @Override
  public String toString() {
    return "OperatorConfig{source=" + source + ", " + toDisplayMap() + "}";
  }

  /** Collects values on top of an existing snapshot. */
  static final class Builder {
    private final Source source;
    private final Map<Option<?>, Object> values;

    private Builder(OperatorConfig base) {
      this.source = base.source;
      this.values = new LinkedHashMap<>(base.values);
    }

    <T> Builder set(Option<T> option, T value) {
      if (!values.containsKey(option)) {
        throw new IllegalArgumentException("not a declared option: " + option.key());
      }
      values.put(option, value);
      return this;
    }

    /** Sets a value whose type was checked by the option's own parser. */
    @SuppressWarnings("unchecked")
    Builder setParsed(Option<?> option, Object value) {
      return set((Option<Object>) option, value);
    }

    <T> T get(Option<T> option) {
      @SuppressWarnings("unchecked")
      T value = (T) values.get(option);
      return value;
    }

    OperatorConfig build() {
      return new OperatorConfig(source, new LinkedHashMap<>(values));
    }
  }
}
