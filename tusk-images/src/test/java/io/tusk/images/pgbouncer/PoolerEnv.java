package io.tusk.images.pgbouncer;

import java.util.LinkedHashMap;
import java.util.Map;

/** The env Zalando's operator v2.0.1 gives a pooler container (connection_pooler.go defaults). */
final class PoolerEnv {

  private PoolerEnv() {}

  static Map<String, String> of(String host, String port) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PGHOST", host);
    env.put("PGPORT", port);
    env.put("PGUSER", "pooler");
    env.put("PGSCHEMA", "pooler");
    env.put("PGPASSWORD", "pooler-secret");
    env.put("CONNECTION_POOLER_PORT", "5432");
    env.put("CONNECTION_POOLER_MODE", "transaction");
    env.put("CONNECTION_POOLER_MAX_DB_CONN", "30");
    env.put("CONNECTION_POOLER_DEFAULT_SIZE", "15");
    env.put("CONNECTION_POOLER_MIN_SIZE", "7");
    env.put("CONNECTION_POOLER_RESERVE_SIZE", "7");
    env.put("CONNECTION_POOLER_MAX_CLIENT_CONN", "10000");
    return env;
  }
}
