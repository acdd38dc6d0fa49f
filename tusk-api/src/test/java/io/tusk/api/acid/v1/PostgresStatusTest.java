package io.tusk.api.acid.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.tusk.api.Codec;
import io.tusk.api.Yaml;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PostgresStatusTest {

  static Iterable<Codec> codecs() {
    return Codec.all();
  }

  private static Postgresql withStatus(Codec codec, String statusYaml) {
    return codec.read(
        Yaml.read(
            "apiVersion: acid.zalan.do/v1\n"
                + "kind: postgresql\n"
                + "metadata: {name: acid-a}\n"
                + "spec: {teamId: acid, numberOfInstances: 1, volume: {size: 1Gi},"
                + " postgresql: {version: \"18\"}}\n"
                + "status: "
                + statusYaml
                + "\n"),
        Postgresql.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("codecs")
  void legacyPlainStringStatusParses(Codec codec) {
    Postgresql pg = withStatus(codec, "Running");

    assertThat(pg.getStatus().getPostgresClusterStatus()).isEqualTo(PostgresStatus.RUNNING);
    assertThat(pg.getStatus().isRunning()).isTrue();
    // Written back in the current object form.
    assertThat(codec.write(pg).at("/status/PostgresClusterStatus").asText()).isEqualTo("Running");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("codecs")
  void objectStatusParsesWithTuskAdditions(Codec codec) {
    Postgresql pg =
        withStatus(
            codec,
            "{PostgresClusterStatus: Invalid, observedGeneration: 7, message: bad name,"
                + " conditions: [{type: Ready, status: \"False\", reason: Invalid}]}");

    PostgresStatus status = pg.getStatus();
    assertThat(status.getPostgresClusterStatus()).isEqualTo(PostgresStatus.INVALID);
    assertThat(status.getObservedGeneration()).isEqualTo(7L);
    assertThat(status.getMessage()).isEqualTo("bad name");
    assertThat(status.getConditions()).singleElement().extracting("type").isEqualTo("Ready");
    assertThat(UnknownFields.paths(pg)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("codecs")
  void emptyLegacyStatusIsUnknown(Codec codec) {
    Postgresql pg = withStatus(codec, "\"\"");
    assertThat(pg.getStatus().getPostgresClusterStatus()).isEqualTo(PostgresStatus.UNKNOWN);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("codecs")
  void writesOnlyFieldsThatAreSet(Codec codec) {
    Postgresql pg = withStatus(codec, "{PostgresClusterStatus: Creating}");
    JsonNode status = codec.write(pg).get("status");
    assertThat(status.size()).isEqualTo(1);

    pg.getStatus()
        .setConditions(
            List.of(new ConditionBuilder().withType("Ready").withStatus("True").build()));
    assertThat(codec.write(pg).at("/status/conditions/0/status").asText()).isEqualTo("True");
  }

  @org.junit.jupiter.api.Test
  void successMirrorsZalando() {
    for (String failed :
        List.of(
            PostgresStatus.CREATE_FAILED,
            PostgresStatus.UPDATE_FAILED,
            PostgresStatus.SYNC_FAILED)) {
      assertThat(new PostgresStatus(failed).isSuccess()).as(failed).isFalse();
    }
    for (String ok :
        List.of(
            PostgresStatus.UNKNOWN,
            PostgresStatus.CREATING,
            PostgresStatus.UPDATING,
            PostgresStatus.RUNNING,
            PostgresStatus.INVALID)) {
      assertThat(new PostgresStatus(ok).isSuccess()).as(ok).isTrue();
    }
  }
}
