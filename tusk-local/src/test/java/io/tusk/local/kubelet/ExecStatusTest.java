package io.tusk.local.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ExecStatusTest {

  private static JsonNode json(String s) throws Exception {
    return new ObjectMapper().readTree(s);
  }

  @Test
  void successAndExitCodeAreMetav1Statuses() throws Exception {
    assertThat(json(ExecStatus.success()).get("status").asText()).isEqualTo("Success");
    JsonNode failed = json(ExecStatus.exitCode(3));
    assertThat(failed.get("status").asText()).isEqualTo("Failure");
    assertThat(failed.get("reason").asText()).isEqualTo("NonZeroExitCode");
    JsonNode cause = failed.get("details").get("causes").get(0);
    assertThat(cause.get("reason").asText()).isEqualTo("ExitCode");
    assertThat(cause.get("message").asText()).isEqualTo("3");
  }

  @Test
  void internalErrorsCarryTheMessageAndV1ShowsOnlyFailures() throws Exception {
    JsonNode e = json(ExecStatus.internalError("boom"));
    assertThat(e.get("code").asInt()).isEqualTo(500);
    assertThat(e.get("reason").asText()).isEqualTo("InternalError");
    assertThat(e.get("message").asText())
        .isEqualTo("Internal error occurred: error executing command in container: boom");
    assertThat(ExecStatus.v1(ExecStatus.success())).isEmpty();
    assertThat(ExecStatus.v1(ExecStatus.exitCode(2))).contains("exit status 2");
  }
}
