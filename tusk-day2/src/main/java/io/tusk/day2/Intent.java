package io.tusk.day2;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tusk.api.acid.v1.Patroni;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.PostgresqlParam;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.spilo.CloneAndStandbyEnv;
import io.tusk.spec.spilo.SpiloConfiguration;
import java.util.HashMap;
import java.util.Map;

/**
 * What the manifest asks of a running cluster's Patroni.
 *
 * @param dcs the dynamic configuration the manifest declares (the {@code bootstrap.dcs} section of
 *     {@code SPILO_CONFIGURATION}), with {@code wal_level: logical} when streams are declared, as
 *     Zalando's sync requires, and the manifest's {@code patroni.pg_hba} as a top-level {@code
 *     pg_hba} key, where Zalando's sync puts it in Patroni's configuration
 * @param synchronousMode whether Patroni runs synchronous replication
 * @param maxLagBytes the largest replay lag of a member that counts as caught up: {@code
 *     maximum_lag_on_failover} when the manifest sets it, else {@value #DEFAULT_MAX_LAG_BYTES}
 */
public record Intent(
    ObjectNode dcs, boolean synchronousMode, long maxLagBytes, boolean standbyCluster) {

  /** An intent of a cluster that is not a standby. */
  public Intent(ObjectNode dcs, boolean synchronousMode, long maxLagBytes) {
    this(dcs, synchronousMode, maxLagBytes, false);
  }

  /** 16 MiB: one WAL segment. */
  public static final long DEFAULT_MAX_LAG_BYTES = 16L * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  public static Intent of(PostgresSpec spec, OperatorConfig config) {
    return of(spec, config, spec.getStreams() != null && !spec.getStreams().isEmpty());
  }

  /**
   * What Spilo seeds Patroni with when the cluster is created: the manifest's dynamic
   * configuration, without the {@code wal_level: logical} of the streams (Spilo seeds its own
   * {@code wal_level}), which the day-2 step then patches in and restarts the members for, and
   * without the top-level {@code pg_hba} (Spilo keeps it in the local configuration only), which
   * the day-2 step then patches in as Zalando's first sync does.
   */
  public static Intent seeded(PostgresSpec spec, OperatorConfig config) {
    Intent intent = of(spec, config, false);
    if (!intent.dcs().has("pg_hba")) {
      return intent;
    }
    ObjectNode dcs = intent.dcs().deepCopy();
    dcs.remove("pg_hba");
    return new Intent(dcs, intent.synchronousMode(), intent.maxLagBytes(), intent.standbyCluster());
  }

  private static Intent of(PostgresSpec spec, OperatorConfig config, boolean streams) {
    PostgresqlParam postgresql = spec.getPostgresql();
    if (streams) {
      PostgresqlParam copy = new PostgresqlParam();
      copy.setVersion(postgresql == null ? null : postgresql.getVersion());
      Map<String, String> parameters = new HashMap<>();
      if (postgresql != null && postgresql.getParameters() != null) {
        parameters.putAll(postgresql.getParameters());
      }
      parameters.put("wal_level", "logical");
      copy.setParameters(parameters);
      postgresql = copy;
    }
    Patroni patroni = spec.getPatroni();
    ObjectNode dcs =
        JSON.valueToTree(
            SpiloConfiguration.dcs(
                postgresql, patroni, config.get(Options.ENABLE_PATRONI_FAILSAFE_MODE)));
    if (patroni != null && patroni.getPgHba() != null && !patroni.getPgHba().isEmpty()) {
      // Zalando patches it at the top level of the dynamic configuration, not under postgresql:
      // the rules that apply stay those of the local configuration (SPILO_CONFIGURATION), which a
      // change reaches through the rolling update.
      patroni.getPgHba().forEach(dcs.withArray("pg_hba")::add);
    }
    boolean synchronous = patroni != null && Boolean.TRUE.equals(patroni.getSynchronousMode());
    long lag =
        patroni != null
                && patroni.getMaximumLagOnFailover() != null
                && patroni.getMaximumLagOnFailover() > 0
            ? patroni.getMaximumLagOnFailover()
            : DEFAULT_MAX_LAG_BYTES;
    // Zalando's isStandbyCluster: a standby section, or STANDBY_WALE_*_PREFIX in the env.
    return new Intent(dcs, synchronous, lag, CloneAndStandbyEnv.isStandbyCluster(spec));
  }
}
