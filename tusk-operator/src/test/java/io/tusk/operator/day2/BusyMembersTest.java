package io.tusk.operator.day2;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BusyMembersTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final BusyMembers busy = new BusyMembers(now::get);
  private final ResourceID a = new ResourceID("a", "ns");
  private final ResourceID b = new ResourceID("b", "ns");

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void aMemberBusyForMinutesIsWarnedAboutOncePerSpell() {
    assertThat(busy.busy(a)).isEmpty();
    advance(Duration.ofMinutes(4));
    assertThat(busy.busy(a)).as("4 minutes: still quiet").isEmpty();
    assertThat(busy.busy(b)).as("another cluster has its own spell").isEmpty();
    advance(Duration.ofMinutes(1));
    assertThat(busy.busy(a)).contains(Duration.ofMinutes(5));
    advance(Duration.ofMinutes(5));
    assertThat(busy.busy(a)).as("one Warning per spell").isEmpty();
    assertThat(busy.busy(b)).contains(Duration.ofMinutes(6));
  }

  @Test
  void aSpellEndsWhenTheStepRunsOrFails() {
    busy.busy(a);
    advance(Duration.ofMinutes(6));
    busy.over(a);
    assertThat(busy.busy(a)).as("a new spell starts now").isEmpty();
    advance(Duration.ofMinutes(5));
    assertThat(busy.busy(a)).contains(Duration.ofMinutes(5));
    busy.over(a);
    advance(Duration.ofMinutes(10));
    assertThat(busy.busy(a)).isEmpty();
  }
}
