package io.tusk.ui.form;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CloneFormTest {
  private static final Map<String, Object> SOURCE =
      Map.of(
          "teamId",
          "acid",
          "numberOfInstances",
          2,
          "standby",
          Map.of("s3_wal_path", "s3://x"),
          "clone",
          Map.of("cluster", "older"));

  @Test
  @SuppressWarnings("unchecked")
  void withoutATimestampTheCloneCopiesTheRunningSource() {
    Map<String, Object> m =
        new CloneForm("acid-copy", "").manifest("ns", "acid-src", "u-1", SOURCE);

    Map<String, Object> spec = (Map<String, Object>) m.get("spec");
    assertThat(spec)
        .containsEntry("clone", Map.of("cluster", "acid-src"))
        .containsEntry("numberOfInstances", 2)
        .doesNotContainKey("standby");
    assertThat((Map<String, Object>) m.get("metadata"))
        .containsEntry("name", "acid-copy")
        .containsEntry("namespace", "ns");
  }

  @Test
  @SuppressWarnings("unchecked")
  void withATimestampItRecoversTheSourceByUidFromTheArchive() {
    Map<String, Object> m =
        new CloneForm("acid-pitr", "2026-12-07T10:15:00+00:00")
            .manifest("ns", "acid-src", "u-1", SOURCE);

    assertThat(((Map<String, Object>) m.get("spec")).get("clone"))
        .isEqualTo(
            Map.of("cluster", "acid-src", "uid", "u-1", "timestamp", "2026-12-07T10:15:00+00:00"));
  }

  @Test
  void problems() {
    assertThat(new CloneForm("other-copy", "yesterday").problems("acid"))
        .containsExactly(
            "name: must start with the team's prefix 'acid-'",
            "timestamp: an RFC 3339 time with its offset, e.g. 2026-12-07T10:15:00+00:00");
    assertThat(new CloneForm("acid-copy", "").problems("acid")).isEmpty();
  }
}
