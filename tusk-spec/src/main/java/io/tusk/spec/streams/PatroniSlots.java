package io.tusk.spec.streams;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The change to the {@code slots} section of Patroni's dynamic configuration that the event streams
 * need. Patroni creates the permanent slots listed there (on the primary, and copies logical ones
 * to replicas) and drops every slot that is neither listed nor ignored, so Zalando manages stream
 * slots through this section ({@code streams.go#syncStreams}, {@code
 * sync.go#checkAndSetGlobalPostgreSQLConfiguration}, v2.0.1), and so does Tusk.
 *
 * <p>Only the slots named here are touched: a slot that a person or another tool put into the
 * configuration stays, and so does any slot named in the manifest's {@code patroni.slots} (the
 * manifest's definition wins over a stream's of the same name, as in Zalando). Removing a slot is a
 * {@code null} value, which Patroni's {@code PATCH /config} treats as a deletion.
 */
public final class PatroniSlots {

  private PatroniSlots() {}

  /**
   * @param effective the {@code slots} section as Patroni holds it (name to definition)
   * @param ready stream slots whose publication is in place: added, or corrected when their
   *     database, plugin or type differ
   * @param release names of slots Tusk created and no longer wants (their publication, which Tusk
   *     created, is being dropped): removed when present
   * @param manifestSlots names in the manifest's {@code patroni.slots}: never changed here
   * @return slot name to its new definition, or to null for a removal; empty when nothing changes
   */
  public static Map<String, Map<String, String>> patch(
      Map<String, Map<String, String>> effective,
      Collection<StreamSlot> ready,
      Collection<String> release,
      Set<String> manifestSlots) {
    Map<String, Map<String, String>> patch = new TreeMap<>();
    for (StreamSlot slot : ready) {
      if (manifestSlots.contains(slot.name())) {
        continue;
      }
      Map<String, String> wanted = slot.patroniDefinition();
      Map<String, String> current = effective.get(slot.name());
      if (current == null || !contains(current, wanted)) {
        patch.put(slot.name(), wanted);
      }
    }
    for (String name : release) {
      if (!manifestSlots.contains(name) && effective.containsKey(name)) {
        patch.put(name, null);
      }
    }
    return patch;
  }

  /** Whether every key of {@code wanted} has the same value in {@code current}. */
  private static boolean contains(Map<String, String> current, Map<String, String> wanted) {
    return wanted.entrySet().stream()
        .allMatch(e -> Objects.equals(current.get(e.getKey()), e.getValue()));
  }
}
