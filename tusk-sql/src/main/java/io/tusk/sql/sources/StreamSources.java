package io.tusk.sql.sources;

import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.spec.streams.StreamSlot;
import io.tusk.spec.streams.StreamSlots;
import io.tusk.sql.streams.DesiredPublication;
import io.tusk.sql.streams.TableName;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps the {@code streams} of a manifest to the publications they want: one per slot ({@link
 * StreamSlots}), named like it, with its tables ({@code table} meaning {@code public.table}).
 */
public final class StreamSources {

  private StreamSources() {}

  public static List<DesiredPublication> publications(PostgresSpec spec) {
    return StreamSlots.of(spec).stream().map(StreamSources::publication).toList();
  }

  public static DesiredPublication publication(StreamSlot slot) {
    return new DesiredPublication(
        slot.database(),
        slot.name(),
        slot.tables().keySet().stream()
            .map(StreamSlots::schemaAndTable)
            .map(st -> new TableName(st[0], st[1]))
            .toList());
  }

  /**
   * Names of the manifest's {@code patroni.slots}: their publications are never released (Zalando
   * keeps the publication of a slot the manifest names, {@code streams.go#syncStreams}).
   */
  public static Set<String> manifestSlots(PostgresSpec spec) {
    Map<String, Map<String, String>> slots =
        spec == null || spec.getPatroni() == null ? null : spec.getPatroni().getSlots();
    return slots == null ? Set.of() : new TreeSet<>(slots.keySet());
  }
}
