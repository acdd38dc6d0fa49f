package io.tusk.config;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One operator option: its Zalando key, the OperatorConfiguration section it lives in, its value
 * type, its default in each configuration source, a description and deprecated alias keys.
 *
 * <p>Mirrors one field of Zalando's {@code config.go#Config} together with its counterpart in
 * {@code operator_configuration_type.go} and the fallback in {@code
 * operator_config.go#importConfigurationFromCRD} (v2.0.1). Declared once in {@link Options};
 * loaders, validation and the generated documentation all read this table.
 *
 * <p>Options are compared by key. Build them with {@link #key(String)}:
 *
 * <pre>{@code
 * Option<Boolean> o = Option.key("enable_master_load_balancer").in("load_balancer")
 *     .booleanType().defaultValue(true).operatorConfigurationDefault(false)
 *     .description("...");
 * }</pre>
 *
 * @param <T> the Java type of the value
 */
public final class Option<T> {

  private final String key;
  private final String section;
  private final ValueType<T> type;
  private final T configMapDefault;
  private final T operatorConfigurationDefault;
  private final String description;
  private final List<String> deprecatedKeys;
  private final boolean secret;
  private final boolean deprecated;
  private final boolean configMapOnly;

  private Option(Builder<T> b, String description) {
    this.key = b.key;
    this.section = b.section;
    this.type = b.type;
    this.configMapDefault = b.configMapDefault;
    this.operatorConfigurationDefault =
        b.operatorConfigurationDefaultSet ? b.operatorConfigurationDefault : b.configMapDefault;
    this.description = Objects.requireNonNull(description, "description");
    this.deprecatedKeys = List.copyOf(b.deprecatedKeys);
    this.secret = b.secret;
    this.deprecated = b.deprecated;
    this.configMapOnly = b.configMapOnly;
  }

  /** Starts declaring the option with the given Zalando key. */
  public static KeyBuilder key(String key) {
    return new KeyBuilder(key);
  }

  /** The Zalando key, for example {@code enable_master_load_balancer}. */
  public String key() {
    return key;
  }

  /**
   * The section of the OperatorConfiguration {@code configuration} this option lives in ({@code ""}
   * for top-level keys), for example {@code "load_balancer"}. See {@link Options#SECTIONS}.
   */
  public String section() {
    return section;
  }

  /** The value type, which knows how to parse both configuration syntaxes. */
  public ValueType<T> type() {
    return type;
  }

  /** Default when the key is absent from the ConfigMap (Zalando {@code config.go} struct tag). */
  public T configMapDefault() {
    return configMapDefault;
  }

  /**
   * Default when the key is absent from the OperatorConfiguration resource (Zalando {@code
   * operator_config.go}); differs from {@link #configMapDefault()} for some options.
   */
  public T operatorConfigurationDefault() {
    return operatorConfigurationDefault;
  }

  /** The default for the given source. */
  public T defaultValue(Source source) {
    return source == Source.CONFIGMAP ? configMapDefault : operatorConfigurationDefault;
  }

  /** Whether the two sources have different defaults. */
  public boolean defaultsDiffer() {
    return !Objects.equals(configMapDefault, operatorConfigurationDefault);
  }

  /** Human-readable description, used in the generated documentation. */
  public String description() {
    return description;
  }

  /** Older keys that are still accepted for this option (with a warning). */
  public List<String> deprecatedKeys() {
    return deprecatedKeys;
  }

  /** Whether the value is a credential that must never be displayed or logged. */
  public boolean isSecret() {
    return secret;
  }

  /** Whether the option itself is deprecated (accepted, but Zalando discourages it). */
  public boolean isDeprecated() {
    return deprecated;
  }

  /**
   * Whether the option exists only in ConfigMap mode (the OperatorConfiguration resource has no
   * field for it, so the API server would drop it).
   */
  public boolean isConfigMapOnly() {
    return configMapOnly;
  }

  /** The path of this option in the OperatorConfiguration resource, e.g. {@code kubernetes.x}. */
  public String operatorConfigurationPath() {
    return section.isEmpty() ? key : section + "." + key;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Option<?> other && other.key.equals(key);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }

  @Override
  public String toString() {
    return key;
  }

  /** First step of a declaration: the key is known, the section and type are not. */
  public static final class KeyBuilder {
    private final String key;
    private String section = "";

    private KeyBuilder(String key) {
      this.key = Objects.requireNonNull(key);
    }

    /** The OperatorConfiguration section ({@code ""} = top level, the default). */
    public KeyBuilder in(String section) {
      this.section = Objects.requireNonNull(section);
      return this;
    }

    public Builder<String> stringType() {
      return new Builder<>(key, section, ValueTypes.STRING);
    }

    public Builder<Boolean> booleanType() {
      return new Builder<>(key, section, ValueTypes.BOOLEAN);
    }

    public Builder<Integer> intType() {
      return new Builder<>(key, section, ValueTypes.INTEGER);
    }

    public Builder<Long> longType() {
      return new Builder<>(key, section, ValueTypes.LONG);
    }

    public Builder<Duration> durationType() {
      return new Builder<>(key, section, ValueTypes.DURATION);
    }

    public Builder<List<String>> stringListType() {
      return new Builder<>(key, section, ValueTypes.STRING_LIST);
    }

    public Builder<Map<String, String>> mapType() {
      return new Builder<>(key, section, ValueTypes.STRING_MAP);
    }

    public Builder<List<InfrastructureRoleSecret>> infrastructureRolesType() {
      return new Builder<>(key, section, ValueTypes.INFRASTRUCTURE_ROLES);
    }

    public Builder<List<Container>> containersType() {
      return new Builder<>(key, section, ValueTypes.CONTAINERS);
    }

    public Builder<Probe> probeType() {
      return new Builder<>(key, section, ValueTypes.PROBE);
    }
  }

  /** Second step: defaults and flags; {@link #description(String)} finishes the declaration. */
  public static final class Builder<T> {
    private final String key;
    private final String section;
    private final ValueType<T> type;
    private T configMapDefault;
    private T operatorConfigurationDefault;
    private boolean operatorConfigurationDefaultSet;
    private List<String> deprecatedKeys = List.of();
    private boolean secret;
    private boolean deprecated;
    private boolean configMapOnly;

    private Builder(String key, String section, ValueType<T> type) {
      this.key = key;
      this.section = section;
      this.type = type;
      this.configMapDefault = type.zeroValue();
    }

    /** Default for both sources (unless {@link #operatorConfigurationDefault} overrides it). */
    public Builder<T> defaultValue(T value) {
      this.configMapDefault = value;
      return this;
    }

    /** Default used when the key is omitted from the OperatorConfiguration resource. */
    public Builder<T> operatorConfigurationDefault(T value) {
      this.operatorConfigurationDefault = value;
      this.operatorConfigurationDefaultSet = true;
      return this;
    }

    /** Older keys still accepted for this option. */
    public Builder<T> deprecatedKeys(String... keys) {
      this.deprecatedKeys = List.of(keys);
      return this;
    }

    /** Marks the value as a credential: masked in displays, never logged. */
    public Builder<T> secret() {
      this.secret = true;
      return this;
    }

    /** Marks the option itself as deprecated. */
    public Builder<T> deprecated() {
      this.deprecated = true;
      return this;
    }

    /** Marks the option as existing only in the ConfigMap. */
    public Builder<T> configMapOnly() {
      this.configMapOnly = true;
      return this;
    }

    /** Sets the description and builds the option. */
    public Option<T> description(String description) {
      return new Option<>(this, description);
    }
  }
}
