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
}
