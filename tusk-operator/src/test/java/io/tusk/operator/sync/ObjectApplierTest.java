package io.tusk.operator.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** An object the cache did not show counts as created only when the API server just created it. */
class ObjectApplierTest {

  private static Service createdAt(String timestamp) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName("acid")
        .withCreationTimestamp(timestamp)
        .endMetadata()
        .build();
  }

  @Test
  void anObjectCreatedSecondsAgoWasCreatedByThisApply() {
    Instant now = Instant.parse("2026-12-06T10:00:02Z");
    assertThat(ObjectApplier.createdJustNow(createdAt("2026-12-06T10:00:01Z"), now)).isTrue();
  }

  @Test
  void anObjectThatExistedForLongerWasOnlyUpdated() {
    Instant now = Instant.parse("2026-12-06T10:01:00Z");
    assertThat(ObjectApplier.createdJustNow(createdAt("2026-12-06T10:00:00Z"), now)).isFalse();
  }
}
