package io.tusk.day2;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.PostgresqlParam;
import io.tusk.api.acid.v1.Stream;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Source;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntentTest {

  static final OperatorConfig CONFIG = OperatorConfig.defaults(Source.CONFIGMAP);

  static PostgresSpec spec(boolean streams) {
    PostgresSpec spec = new PostgresSpec();
    PostgresqlParam postgresql = new PostgresqlParam();
    postgresql.setVersion("17");
    postgresql.setParameters(Map.of("max_connections", "200"));
    spec.setPostgresql(postgresql);
    if (streams) {
      Stream stream = new Stream();
      stream.setApplicationId("test-app");
      stream.setDatabase("foo");
      spec.setStreams(List.of(stream));
    }
    return spec;
  }

  @Test
  void streamsDeclareWalLevelLogicalNextToTheManifestsParameters() {
    Intent intent = Intent.of(spec(true), CONFIG);

    assertThat(intent.dcs().path("postgresql").path("parameters").path("wal_level").asText())
        .isEqualTo("logical");
    assertThat(intent.dcs().path("postgresql").path("parameters").path("max_connections").asText())
        .isEqualTo("200");
    assertThat(
            Intent.of(spec(false), CONFIG)
                .dcs()
                .path("postgresql")
                .path("parameters")
                .has("wal_level"))
        .isFalse();
  }

  @Test
  void aNewClusterIsSeededWithoutTheWalLevelOfItsStreams() {
    // Spilo seeds its own wal_level: the day-2 step patches logical in after the creation.
    Intent seeded = Intent.seeded(spec(true), CONFIG);

    assertThat(seeded.dcs().path("postgresql").path("parameters").has("wal_level")).isFalse();
    assertThat(seeded).isEqualTo(Intent.of(spec(false), CONFIG));
    assertThat(seeded).isNotEqualTo(Intent.of(spec(true), CONFIG));
  }

  @Test
  void theManifestsPgHbaIsATopLevelKeyAndDiffersAsAWholeList() {
    PostgresSpec spec = spec(false);
    io.tusk.api.acid.v1.Patroni patroni = new io.tusk.api.acid.v1.Patroni();
    patroni.setPgHba(List.of("local all all trust", "hostssl all all all md5"));
    spec.setPatroni(patroni);
    Intent intent = Intent.of(spec, CONFIG);

    assertThat(intent.dcs().path("pg_hba").toString())
        .isEqualTo("[\"local all all trust\",\"hostssl all all all md5\"]");
    assertThat(intent.dcs().path("postgresql").has("pg_hba")).isFalse();

    com.fasterxml.jackson.databind.node.ObjectNode effective = intent.dcs().deepCopy();
    assertThat(PatroniConfigDiff.diff(intent.dcs(), effective).keys()).doesNotContain("pg_hba");
    effective.withArray("pg_hba").remove(1);
    PatroniConfigDiff.Patch patch = PatroniConfigDiff.diff(intent.dcs(), effective);
    assertThat(patch.keys()).containsExactly("pg_hba");
    assertThat(patch.body().get("pg_hba")).isEqualTo(intent.dcs().get("pg_hba"));
    // Spilo does not seed it at the top level: the day-2 step patches it in after the creation.
    assertThat(Intent.seeded(spec, CONFIG).dcs().has("pg_hba")).isFalse();
    assertThat(Intent.seeded(spec, CONFIG)).isNotEqualTo(intent);
    // Undeclared: what Patroni has is left alone.
    assertThat(PatroniConfigDiff.diff(Intent.of(spec(false), CONFIG).dcs(), effective).keys())
        .doesNotContain("pg_hba");
  }
}
