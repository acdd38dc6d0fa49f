package io.tusk.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConfigChangeTriggerTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final List<ResourceID> propagated = new ArrayList<>();

  private ConfigChangeTrigger trigger(int maxInFlight) {
    ConfigChangeTrigger t = new ConfigChangeTrigger(maxInFlight, 60_000, now::get, false);
    t.propagateTo(propagated::add);
    return t;
  }

  private static List<ResourceID> ids(int n) {
    List<ResourceID> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new ResourceID("acid-" + i, "ns"));
    }
    return out;
  }

  @Test
  void feedsAFewClustersAtATimeAndTheNextWhenOneFinishes() {
    ConfigChangeTrigger t = trigger(3);
    List<ResourceID> all = ids(10);
    t.queue(all);
    assertThat(propagated).containsExactlyElementsOf(all.subList(0, 3));
    assertThat(t.outstanding()).isEqualTo(10);

    t.reconciled(all.get(1));
    assertThat(propagated).containsExactlyElementsOf(all.subList(0, 4));
    assertThat(t.outstanding()).isEqualTo(9);
  }

  @Test
  void aClusterReconciledForAnotherReasonLeavesTheQueue() {
    ConfigChangeTrigger t = trigger(2);
    List<ResourceID> all = ids(5);
    t.queue(all);
    // acid-3 was reconciled because its manifest changed: it has seen the new configuration.
    t.reconciled(all.get(3));
    assertThat(t.outstanding()).isEqualTo(4);
    t.reconciled(all.get(0));
    t.reconciled(all.get(1));
    t.reconciled(all.get(2));
    assertThat(propagated).containsExactly(all.get(0), all.get(1), all.get(2), all.get(4));
  }

  @Test
  void aSlotThatNeverReportsBackIsFreedAfterAWhile() {
    ConfigChangeTrigger t = trigger(1);
    List<ResourceID> all = ids(2);
    t.queue(all);
    t.pump();
    assertThat(propagated).containsExactly(all.get(0));
    now.addAndGet(60_001); // acid-0 was deleted before its reconcile ran
    t.pump();
    assertThat(propagated).containsExactly(all.get(0), all.get(1));
  }

  @Test
  void reconcilesOfClustersThatWereNotQueuedChangeNothing() {
    ConfigChangeTrigger t = trigger(1);
    t.reconciled(new ResourceID("other", "ns"));
    assertThat(propagated).isEmpty();
    assertThat(t.outstanding()).isZero();
  }
}
