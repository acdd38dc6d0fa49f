package io.tusk.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void masksCredentialsASpecCarriesAndKeepsEverythingElse() {
    Map<String, Object> spec =
        Map.of(
            "clone",
            Map.of(
                "cluster", "acid-source",
                "s3_access_key_id", "AKIA123",
                "s3_secret_access_key", "very-secret"),
            "env",
            List.of(
                Map.of("name", "AWS_SECRET_ACCESS_KEY", "value", "also-secret"),
                Map.of("name", "BACKUP_SCHEDULE", "value", "0 1 * * *"),
                Map.of(
                    "name",
                    "DB_PASSWORD",
                    "valueFrom",
                    Map.of("secretKeyRef", Map.of("name", "s", "key", "k")))),
            "numberOfInstances",
            2);

    Map<String, Object> shown = Redaction.forDisplay(spec);

    assertThat(shown.toString())
        .doesNotContain("AKIA123", "very-secret", "also-secret")
        .contains("acid-source", "0 1 * * *", "secretKeyRef", "numberOfInstances=2");
    assertThat(spec.toString()).as("the original is kept").contains("very-secret");
  }
}
