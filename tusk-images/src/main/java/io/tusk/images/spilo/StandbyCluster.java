package io.tusk.images.spilo;

import io.tusk.images.ImageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bootstrap.dcs.standby_cluster} from {@code STANDBY_*} variables.
 *
 * <p>Mirrors the {@code STANDBY_CLUSTER} block of {@code configure_spilo.py#TEMPLATE}: streaming
 * from {@code STANDBY_HOST} (replicas are made with {@code basebackup} instead of {@code
 * basebackup_fast_xlog}), and, with a WAL archive ({@code STANDBY_WALE_S3_PREFIX}, {@code
 * STANDBY_WAL_S3_BUCKET}, ...), the standby leader made from the archive's newest base backup
 * ({@code bootstrap_standby_with_wale}) and fed from it through {@code restore_command}.
 */
final class StandbyCluster {

  static final String ARCHIVE_METHOD = "bootstrap_standby_with_wale";

  private StandbyCluster() {}

  /** Whether the environment names a WAL archive to follow. */
  static boolean walBased(SpiloStartupEnv env) {
    return env.asMap().entrySet().stream()
        .anyMatch(
            e -> {
              String n = e.getKey().toUpperCase(Locale.ROOT);
              return !e.getValue().isEmpty()
                  && (n.startsWith("STANDBY_WALE_")
                      || n.startsWith("STANDBY_WALG_")
                      || n.startsWith("STANDBY_WAL_"))
                  && (n.endsWith("_PREFIX") || n.endsWith("_BUCKET"));
            });
  }

  static Optional<Map<String, Object>> build(
      SpiloStartupEnv env, Optional<NodeLayout.StandbyArchive> archive, List<String> notes)
      throws ImageException {
    boolean walBased = walBased(env);
    Optional<String> host = env.value("STANDBY_HOST");
    if (host.isEmpty() && !walBased) {
      return Optional.empty();
    }
    if (walBased && archive.isEmpty()) {
      throw new ImageException(
          "a standby cluster that replays WAL from an archive needs S3-compatible storage"
              + " (STANDBY_WALE_S3_PREFIX or STANDBY_WAL_S3_BUCKET) and barman-cloud here");
    }
    Map<String, Object> s = new LinkedHashMap<>();
    List<String> methods = new ArrayList<>();
    if (archive.isPresent()) {
      methods.add(ARCHIVE_METHOD);
    }
    methods.add("basebackup");
    s.put("create_replica_methods", methods);
    host.ifPresent(h -> s.put("host", h));
    env.value("STANDBY_PORT")
        .ifPresent(p -> s.put("port", p.strip().matches("\\d+") ? Integer.parseInt(p.strip()) : p));
    env.value("STANDBY_PRIMARY_SLOT_NAME").ifPresent(v -> s.put("primary_slot_name", v));
    archive.ifPresent(a -> s.put("restore_command", a.restoreCommand()));
    notes.add(
        "standby cluster following "
            + host.orElse("")
            + (host.isPresent() && archive.isPresent() ? " and " : "")
            + archive.map(a -> "the WAL archive " + a.prefix()).orElse(""));
    return Optional.of(s);
  }
}
