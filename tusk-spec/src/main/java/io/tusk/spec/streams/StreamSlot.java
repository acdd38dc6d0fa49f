package io.tusk.spec.streams;

import io.tusk.api.acid.v1.StreamTable;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One logical replication slot of the event streams and the publication of the same name: the
 * tables (as written in the manifest, {@code table} or {@code schema.table}) of every stream of one
 * application in one database.
 *
 * @param name {@code fes_{database}_{applicationId}}, see {@link StreamSlots#slotName}
 * @param tables table name to its stream settings, sorted by name
 * @param applicationIds the applications whose streams use the slot (normally one; two application
 *     ids that differ only in {@code -} and {@code _} share a slot, as in Zalando)
 */
public record StreamSlot(
    String name, String database, Map<String, StreamTable> tables, Set<String> applicationIds) {

  public StreamSlot {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(database, "database");
    tables = Collections.unmodifiableMap(new TreeMap<>(tables));
    applicationIds = Collections.unmodifiableSet(new LinkedHashSet<>(applicationIds));
  }

  /** The slot as a permanent slot of Patroni's configuration: logical, {@code pgoutput}. */
  public Map<String, String> patroniDefinition() {
    Map<String, String> slot = new TreeMap<>();
    slot.put("database", database);
    slot.put("plugin", StreamSlots.PLUGIN);
    slot.put("type", "logical");
    return slot;
  }
}
