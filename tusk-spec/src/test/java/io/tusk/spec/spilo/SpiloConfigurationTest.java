package io.tusk.spec.spilo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.api.acid.v1.Patroni;
import io.tusk.api.acid.v1.PostgresqlParam;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden strings ported from Zalando's k8sres_test.go#TestGenerateSpiloJSONConfiguration. */
class SpiloConfigurationTest {

  private static PostgresqlParam pg18(Map<String, String> parameters) {
    PostgresqlParam p = new PostgresqlParam();
    p.setVersion("18");
    p.setParameters(parameters);
    return p;
  }

  @Test
  void patroniDefaultConfiguration() {
    assertThat(SpiloConfiguration.build(pg18(null), new Patroni(), false, null))
        .isEqualTo(
            "{\"postgresql\":{\"bin_dir\":\"/usr/lib/postgresql/18/bin\"},\"bootstrap\":{\"initdb\":[{\"auth-host\":\"scram-sha-256\"},{\"auth-local\":\"trust\"}],\"dcs\":{}}}");
  }

  @Test
  void patroniConfigured() {
    Patroni patroni = new Patroni();
    Map<String, String> initdb = new LinkedHashMap<>();
    initdb.put("encoding", "UTF8");
    initdb.put("locale", "en_US.UTF-8");
    initdb.put("data-checksums", "true");
    patroni.setInitdb(initdb);
    patroni.setPgHba(
        List.of(
            "hostssl all all 0.0.0.0/0 scram-sha-256", "host    all all 0.0.0.0/0 scram-sha-256"));
    patroni.setTtl(30);
    patroni.setLoopWait(10);
    patroni.setRetryTimeout(10);
    patroni.setMaximumLagOnFailover(33554432L);
    patroni.setSynchronousMode(true);
    patroni.setSynchronousModeStrict(true);
    patroni.setSynchronousNodeCount(1);
    patroni.setSlots(
        Map.of(
            "permanent_logical_1",
            Map.of("type", "logical", "database", "foo", "plugin", "pgoutput")));
    patroni.setFailsafeMode(true);

    assertThat(SpiloConfiguration.build(pg18(null), patroni, false, null))
        .isEqualTo(
            "{\"postgresql\":{\"bin_dir\":\"/usr/lib/postgresql/18/bin\",\"pg_hba\":[\"hostssl all"
                + " all 0.0.0.0/0 scram-sha-256\",\"host    all all 0.0.0.0/0 scram-sha-256\"]},"
                + "\"bootstrap\":{\"initdb\":[{\"auth-host\":\"scram-sha-256\"},{\"auth-local\":\"trust\"},\"data-checksums\",{\"encoding\":\"UTF8\"},{\"locale\":\"en_US.UTF-8\"}],"
                + "\"dcs\":{\"ttl\":30,\"loop_wait\":10,\"retry_timeout\":10,\"maximum_lag_on_failover\":33554432,\"synchronous_mode\":true,\"synchronous_mode_strict\":true,\"synchronous_node_count\":1,"
                + "\"slots\":{\"permanent_logical_1\":{\"database\":\"foo\",\"plugin\":\"pgoutput\",\"type\":\"logical\"}},\"failsafe_mode\":true}}}");
  }

  @Test
  void failsafeModeConfiguredGlobally() {
    assertThat(SpiloConfiguration.build(pg18(null), new Patroni(), false, true))
        .isEqualTo(
            "{\"postgresql\":{\"bin_dir\":\"/usr/lib/postgresql/18/bin\"},\"bootstrap\":{\"initdb\":[{\"auth-host\":\"scram-sha-256\"},{\"auth-local\":\"trust\"}],\"dcs\":{\"failsafe_mode\":true}}}");
  }

  @Test
  void failsafeModeGloballyOnButDisabledForCluster() {
    Patroni patroni = new Patroni();
    patroni.setFailsafeMode(false);
    assertThat(SpiloConfiguration.build(pg18(null), patroni, false, true))
        .isEqualTo(
            "{\"postgresql\":{\"bin_dir\":\"/usr/lib/postgresql/18/bin\"},\"bootstrap\":{\"initdb\":[{\"auth-host\":\"scram-sha-256\"},{\"auth-local\":\"trust\"}],\"dcs\":{\"failsafe_mode\":false}}}");
  }

  @Test
  void failsafeModeGloballyOffButEnabledForCluster() {
    Patroni patroni = new Patroni();
    patroni.setFailsafeMode(true);
    assertThat(SpiloConfiguration.build(pg18(null), patroni, false, false))
        .isEqualTo(
            "{\"postgresql\":{\"bin_dir\":\"/usr/lib/postgresql/18/bin\"},\"bootstrap\":{\"initdb\":[{\"auth-host\":\"scram-sha-256\"},{\"auth-local\":\"trust\"}],\"dcs\":{\"failsafe_mode\":true}}}");
  }

  @Test
  void pgVersionEnvVarOmitsBinDirAndDefaultConfigRendersFailsafeOff() {
    // What a minimal cluster gets with the ConfigMap defaults (PGVERSION env, failsafe off).
    assertThat(SpiloConfiguration.build(pg18(null), null, true, false))
        .isEqualTo(
            "{\"postgresql\":{},\"bootstrap\":{\"initdb\":[{\"auth-host\":\"scram-sha-256\"},{\"auth-local\":\"trust\"}],\"dcs\":{\"failsafe_mode\":false}}}");
  }

  @Test
  void parametersAreSplitIntoLocalAndBootstrapSections() {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("shared_buffers", "32MB");
    parameters.put("max_connections", "10");
    parameters.put("log_statement", "all");
    parameters.put("ssl", "on");
    parameters.put("bg_mon.history_buckets", "10");
    assertThat(SpiloConfiguration.build(pg18(parameters), null, true, null))
        .isEqualTo(
            "{\"postgresql\":{\"parameters\":{\"bg_mon.history_buckets\":\"10\",\"shared_buffers\":\"32MB\",\"ssl\":\"on\"}},"
                + "\"bootstrap\":{\"initdb\":[{\"auth-host\":\"scram-sha-256\"},{\"auth-local\":\"trust\"}],"
                + "\"dcs\":{\"postgresql\":{\"parameters\":{\"log_statement\":\"all\",\"max_connections\":\"10\"}}}}}");
  }

  @Test
  void bootstrapOnlyPredicateFollowsZalandosNaming() {
    assertThat(SpiloConfiguration.isBootstrapOnlyParameter("max_connections")).isTrue();
    assertThat(SpiloConfiguration.isBootstrapOnlyParameter("log_statement")).isTrue();
    assertThat(SpiloConfiguration.isBootstrapOnlyParameter("shared_buffers")).isFalse();
    assertThat(SpiloConfiguration.isBootstrapOnlyParameter("extwlist.custom_path")).isFalse();
  }

  @Test
  void initdbOptionsOverrideDefaultsAndFlagsBecomeStrings() {
    Patroni patroni = new Patroni();
    patroni.setInitdb(Map.of("auth-host", "md5", "no-locale", "true", "debug", "false"));
    assertThat(SpiloConfiguration.build(pg18(null), patroni, true, null))
        .contains(
            "\"initdb\":[{\"auth-host\":\"md5\"},{\"auth-local\":\"trust\"},{\"debug\":\"false\"},\"no-locale\"]");
  }

  @Test
  void zeroAndUnsetPatroniValuesAreOmitted() {
    Patroni patroni = new Patroni();
    patroni.setTtl(0);
    patroni.setMaximumLagOnFailover(0L);
    patroni.setSynchronousMode(false);
    patroni.setSynchronousNodeCount(0);
    patroni.setSlots(Map.of());
    assertThat(SpiloConfiguration.build(pg18(null), patroni, true, null)).endsWith("\"dcs\":{}}}");
  }

  @Test
  void stringsAreEscapedLikeGo() {
    Patroni patroni = new Patroni();
    patroni.setPgHba(List.of("host all <a>&b"));
    assertThat(SpiloConfiguration.build(pg18(null), patroni, true, null))
        .contains("\"pg_hba\":[\"host all \\u003ca\\u003e\\u0026b\"]");
  }

  /** Ported from cluster_test.go#TestCompareSpiloConfiguration. */
  @Test
  void comparisonIgnoresDcsSection() {
    String example =
        "{\"postgresql\":{\"bin_dir\":\"/usr/lib/postgresql/12/bin\",\"parameters\":{\"autovacuum_analyze_scale_factor\":\"0.1\"},\"pg_hba\":[\"hostssl"
            + " all all 0.0.0.0/0 scram-sha-256\",\"host all all 0.0.0.0/0"
            + " scram-sha-256\"]},\"bootstrap\":{\"initdb\":[{\"auth-host\":\"scram-sha-256\"},{\"auth-local\":\"trust\"},\"data-checksums\",{\"encoding\":\"UTF8\"},{\"locale\":\"en_US.UTF-8\"}],\"dcs\":{\"ttl\":30,\"loop_wait\":10,\"retry_timeout\":10,\"maximum_lag_on_failover\":33554432,\"postgresql\":{\"parameters\":{\"max_connections\":\"100\",\"max_locks_per_transaction\":\"64\",\"max_worker_processes\":\"4\"}}}}}";
    String dcsDiff =
        "{\"postgresql\":{\"bin_dir\":\"/usr/lib/postgresql/12/bin\",\"parameters\":{\"autovacuum_analyze_scale_factor\":\"0.1\"},\"pg_hba\":[\"hostssl"
            + " all all 0.0.0.0/0 scram-sha-256\",\"host all all 0.0.0.0/0"
            + " scram-sha-256\"]},\"bootstrap\":{\"initdb\":[{\"auth-host\":\"scram-sha-256\"},{\"auth-local\":\"trust\"},\"data-checksums\",{\"encoding\":\"UTF8\"},{\"locale\":\"en_US.UTF-8\"}],\"dcs\":{\"loop_wait\":10,\"retry_timeout\":10,\"maximum_lag_on_failover\":33554432,\"postgresql\":{\"parameters\":{\"max_locks_per_transaction\":\"64\",\"max_worker_processes\":\"4\"}}}}}";
    assertThat(SpiloConfiguration.equalIgnoringDcs(example, example)).isTrue();
    assertThat(SpiloConfiguration.equalIgnoringDcs(example, dcsDiff)).isTrue();
    assertThat(SpiloConfiguration.equalIgnoringDcs(example, "{}")).isFalse();
    assertThat(SpiloConfiguration.equalIgnoringDcs(example, "not json")).isFalse();
    assertThat(
            SpiloConfiguration.equalIgnoringDcs(
                example,
                example.replace(
                    "\"bin_dir\":\"/usr/lib/postgresql/12/bin\"",
                    "\"bin_dir\":\"/usr/lib/postgresql/13/bin\"")))
        .isFalse();
  }
}
