package io.tusk.images.spilo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The environment a Spilo container is started with, read as {@code configure_spilo.py} reads it:
 * defaults applied with {@code setdefault}, and mustache truthiness (any non-empty string is "set",
 * so {@code KUBERNETES_USE_CONFIGMAPS=false} still selects ConfigMaps). The operator's side, which
 * builds that environment, is tusk-spec's {@code io.tusk.spec.spilo.SpiloEnv}.
 *
 * <p>Mirrors {@code configure_spilo.py#get_placeholders} (Spilo 4.0-p3 snapshot).
 */
public final class SpiloStartupEnv {

  private final Map<String, String> env;

  public SpiloStartupEnv(Map<String, String> env) {
    this.env = new LinkedHashMap<>(env);
  }

  public Map<String, String> asMap() {
    return env;
  }

  /** The raw value, if present (possibly empty). */
  public Optional<String> raw(String name) {
    return Optional.ofNullable(env.get(name));
  }

  /** The value if present and non-empty. */
  public Optional<String> value(String name) {
    return raw(name).filter(v -> !v.isEmpty());
  }

  public String value(String name, String defaultValue) {
    return value(name).orElse(defaultValue);
  }

  /** Mustache/Python truthiness: present and non-empty. */
  public boolean isSet(String name) {
    return value(name).isPresent();
  }

  /** Flags Spilo compares with the literal {@code true} (case-insensitive). */
  public boolean isTrue(String name) {
    return value(name).map(v -> v.equalsIgnoreCase("true")).orElse(false);
  }

  public String scope() {
    return value("SCOPE", "dummy");
  }

  public String superuser() {
    return value("PGUSER_SUPERUSER", "postgres");
  }

  public String superuserPassword() {
    return value("PGPASSWORD_SUPERUSER", "zalando");
  }

  public String replicationUser() {
    return value("PGUSER_STANDBY", "standby");
  }

  public String replicationPassword() {
    return value("PGPASSWORD_STANDBY", "standby");
  }

  public String humanRole() {
    return value("HUMAN_ROLE", "zalandos");
  }

  public int pgPort() {
    return intValue("PGPORT", 5432);
  }

  public int apiPort() {
    return intValue("APIPORT", 8008);
  }

  /** {@code PGROOT} as a container path. */
  public String pgRoot() {
    return value("PGROOT", "/home/postgres/pgdata/pgroot");
  }

  /**
   * {@code PGDATA} as a container path. The Spilo image bakes {@code PGDATA=$PGROOT/data} in at
   * build time; here it follows {@code PGROOT}, which is the same for the operator's pods.
   */
  public String pgData() {
    return value("PGDATA", pgRoot().replaceAll("/+$", "") + "/data");
  }

  private int intValue(String name, int defaultValue) {
    try {
      return value(name).map(String::strip).map(Integer::parseInt).orElse(defaultValue);
    } catch (NumberFormatException e) {
      return defaultValue;
    }
  }
}
