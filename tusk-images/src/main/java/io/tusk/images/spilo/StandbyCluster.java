package io.tusk.images.spilo;

import io.tusk.images.ImageException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bootstrap.dcs.standby_cluster} from {@code STANDBY_*} variables.
 *
 * <p>Mirrors the {@code STANDBY_CLUSTER} block of {@code configure_spilo.py#TEMPLATE}. Streaming
 * from {@code STANDBY_HOST} works as in Spilo (replicas are made with {@code basebackup} instead of
 * {@code basebackup_fast_xlog}); a standby fed only from a WAL archive cannot run here.
 */
final class StandbyCluster {

  private StandbyCluster() {}

  static Optional<Map<String, Object>> build(SpiloStartupEnv env, List<String> notes)
      throws ImageException {
    boolean walBased =
        env.asMap().entrySet().stream()
            .anyMatch(
                e -> {
                  String n = e.getKey().toUpperCase(Locale.ROOT);
                  return !e.getValue().isEmpty()
                      && (n.startsWith("STANDBY_WALE_")
                          || n.startsWith("STANDBY_WALG_")
                          || n.startsWith("STANDBY_WAL_"))
                      && (n.endsWith("_PREFIX") || n.endsWith("_BUCKET"));
                });
    Optional<String> host = env.value("STANDBY_HOST");
    if (host.isEmpty()) {
      if (walBased) {
        throw new ImageException(
            "a standby cluster that replays WAL from an archive (STANDBY_WALE_*/STANDBY_WALG_*) "
                + "cannot run here: the local node has no WAL-E/WAL-G; use standby.standby_host");
      }
      return Optional.empty();
    }
    if (walBased) {
      notes.add("standby cluster streams from STANDBY_HOST only; the WAL archive is not used");
    }
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("create_replica_methods", List.of("basebackup"));
    s.put("host", host.get());
    env.value("STANDBY_PORT")
        .ifPresent(p -> s.put("port", p.strip().matches("\\d+") ? Integer.parseInt(p.strip()) : p));
    env.value("STANDBY_PRIMARY_SLOT_NAME").ifPresent(v -> s.put("primary_slot_name", v));
    notes.add("standby cluster following " + host.get());
    return Optional.of(s);
  }
}
