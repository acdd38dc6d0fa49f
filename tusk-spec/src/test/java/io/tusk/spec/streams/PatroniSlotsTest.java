package io.tusk.spec.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PatroniSlotsTest {

  static StreamSlot slot(String db, String app) {
    return new StreamSlot(StreamSlots.slotName(db, app), db, Map.of(), Set.of(app));
  }

  static final Map<String, String> LOGICAL_FOO =
      Map.of("database", "foo", "plugin", "pgoutput", "type", "logical");

  @Test
  void addsMissingSlotsAndLeavesThoseInPlace() {
    Map<String, Map<String, String>> effective =
        Map.of("fes_foo_a", LOGICAL_FOO, "manual_slot", Map.of("type", "physical"));

    Map<String, Map<String, String>> patch =
        PatroniSlots.patch(
            effective, List.of(slot("foo", "a"), slot("foo", "b")), List.of(), Set.of());

    assertThat(patch).containsOnlyKeys("fes_foo_b");
    assertThat(patch.get("fes_foo_b"))
        .isEqualTo(Map.of("database", "foo", "plugin", "pgoutput", "type", "logical"));
  }

  @Test
  void correctsADefinitionThatDiffersButIgnoresKeysPatroniAdds() {
    Map<String, String> extra = new HashMap<>(LOGICAL_FOO);
    extra.put("failover", "true");
    assertThat(
            PatroniSlots.patch(
                Map.of("fes_foo_a", extra), List.of(slot("foo", "a")), List.of(), Set.of()))
        .isEmpty();
    Map<String, String> wrongPlugin = new HashMap<>(LOGICAL_FOO);
    wrongPlugin.put("plugin", "wal2json");
    assertThat(
            PatroniSlots.patch(
                Map.of("fes_foo_a", wrongPlugin), List.of(slot("foo", "a")), List.of(), Set.of()))
        .containsOnlyKeys("fes_foo_a");
  }

  @Test
  void releasesOnlyTheNamedSlotsThatExistAndNeverTheManifests() {
    Map<String, Map<String, String>> effective =
        Map.of(
            "fes_foo_gone", LOGICAL_FOO,
            "fes_foo_manifest", LOGICAL_FOO,
            "manual_slot", Map.of("type", "physical"));

    Map<String, Map<String, String>> patch =
        PatroniSlots.patch(
            effective,
            List.of(),
            List.of("fes_foo_gone", "fes_foo_manifest", "fes_foo_absent"),
            Set.of("fes_foo_manifest"));

    assertThat(patch).containsOnlyKeys("fes_foo_gone");
    assertThat(patch.get("fes_foo_gone")).isNull();
  }

  @Test
  void aSlotTheManifestNamesIsLeftToTheManifest() {
    assertThat(
            PatroniSlots.patch(Map.of(), List.of(slot("foo", "a")), List.of(), Set.of("fes_foo_a")))
        .isEmpty();
  }
}
