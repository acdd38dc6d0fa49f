package io.tusk.spec.streams;

import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.Stream;
import io.tusk.api.acid.v1.StreamTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The slots and publications the event streams of a manifest want. Mirrors the grouping in {@code
 * streams.go#syncStreams} and {@code #getSlotName} (v2.0.1): one slot per database and application,
 * named {@code fes_{database}_{applicationId}} with every {@code -} of the application id replaced
 * by {@code _}; streams of the same application and database add their tables to it, the first
 * stream naming a table wins.
 */
public final class StreamSlots {

  /** Prefix of slot and publication names ({@code constants.EventStreamSourceSlotPrefix}). */
  public static final String PREFIX = "fes";

  /** The logical decoding plugin of the slots. */
  public static final String PLUGIN = "pgoutput";

  /** {@code wal_level} the streams need; Zalando sets it whenever {@code streams} is not empty. */
  public static final String WAL_LEVEL = "logical";

  private StreamSlots() {}

  /**
   * {@code fes_{database}_{applicationId}}, {@code -} in the application id turned into {@code _}.
   */
  public static String slotName(String database, String applicationId) {
    return PREFIX + "_" + database + "_" + applicationId.replace('-', '_');
  }

  /** Whether the manifest has event streams. */
  public static boolean declared(PostgresSpec spec) {
    return spec != null && spec.getStreams() != null && !spec.getStreams().isEmpty();
  }

  /** The wanted slots, ordered by database, then name. */
  public static List<StreamSlot> of(PostgresSpec spec) {
    if (!declared(spec)) {
      return List.of();
    }
    Map<String, String> databases = new LinkedHashMap<>();
    Map<String, Map<String, StreamTable>> tables = new LinkedHashMap<>();
    Map<String, Set<String>> applications = new LinkedHashMap<>();
    for (Stream s : spec.getStreams()) {
      if (s == null || s.getDatabase() == null || s.getApplicationId() == null) {
        continue;
      }
      String name = slotName(s.getDatabase(), s.getApplicationId());
      databases.putIfAbsent(name, s.getDatabase());
      Map<String, StreamTable> t = tables.computeIfAbsent(name, k -> new LinkedHashMap<>());
      if (s.getTables() != null) {
        s.getTables().forEach(t::putIfAbsent);
      }
      applications.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(s.getApplicationId());
    }
    List<StreamSlot> slots = new ArrayList<>();
    databases.forEach(
        (name, db) ->
            slots.add(new StreamSlot(name, db, tables.get(name), applications.get(name))));
    slots.sort(Comparator.comparing(StreamSlot::database).thenComparing(StreamSlot::name));
    return slots;
  }

  /** The slots an application's streams read from. */
  public static List<StreamSlot> ofApplication(PostgresSpec spec, String applicationId) {
    return of(spec).stream().filter(s -> s.applicationIds().contains(applicationId)).toList();
  }

  /**
   * Schema and table of a manifest table name: {@code schema.table}, or {@code public} when the
   * name has no dot ({@code streams.go#getTableSchema}). Zalando keeps only the part between the
   * first and a second dot; Tusk takes everything after the first dot as the table name.
   */
  public static String[] schemaAndTable(String tableName) {
    int dot = tableName.indexOf('.');
    if (dot < 0) {
      return new String[] {"public", tableName};
    }
    return new String[] {tableName.substring(0, dot), tableName.substring(dot + 1)};
  }
}
