package io.tusk.sql.plan;

import io.tusk.sql.DatabaseDesiredState;
import io.tusk.sql.Effect;
import io.tusk.sql.Subject;
import io.tusk.sql.catalog.ActualDatabase;
import io.tusk.sql.catalog.ClusterCatalog;
import io.tusk.sql.model.DesiredDatabase;
import io.tusk.sql.model.DesiredPreparedDatabase;
import io.tusk.sql.statement.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans {@code CREATE DATABASE ... OWNER} for missing databases and {@code ALTER DATABASE ... OWNER
 * TO} for databases of {@code spec.databases} whose owner differs. Prepared databases are created
 * with owner {@code {db}_owner}; an entry in {@code spec.databases} for the same name wins, as in
 * Zalando's {@code sync.go#syncDatabases} (v2.0.1). These statements run outside a transaction
 * (PostgreSQL refuses CREATE DATABASE inside one). Pure.
 */
public final class DatabasePlanner {

  private DatabasePlanner() {}

  public static Plan plan(DatabaseDesiredState state, ClusterCatalog catalog) {
    Map<String, String> owners = new LinkedHashMap<>();
    Map<String, Boolean> fromDatabases = new LinkedHashMap<>();
    for (DesiredPreparedDatabase p : state.preparedDatabases()) {
      owners.put(p.name(), p.ownerRole());
      fromDatabases.put(p.name(), false);
    }
    for (DesiredDatabase d : state.databases()) {
      owners.put(d.name(), d.owner());
      fromDatabases.put(d.name(), true);
    }
    List<Change> changes = new ArrayList<>();
    owners.forEach(
        (name, owner) -> {
          Subject subject = Subject.database(name);
          ActualDatabase actual = catalog.databases().get(name);
          if (actual == null) {
            changes.add(
                new Change(
                    subject,
                    null,
                    false,
                    List.of(
                        Statement.builder()
                            .sql("CREATE DATABASE ")
                            .ident(name)
                            .sql(" OWNER ")
                            .ident(owner)
                            .build()),
                    List.of(new Effect(Effect.Kind.DATABASE_CREATED, subject, "owner " + owner)),
                    false));
          } else if (fromDatabases.get(name) && !actual.owner().equals(owner)) {
            changes.add(
                new Change(
                    subject,
                    null,
                    false,
                    List.of(
                        Statement.builder()
                            .sql("ALTER DATABASE ")
                            .ident(name)
                            .sql(" OWNER TO ")
                            .ident(owner)
                            .build()),
                    List.of(
                        new Effect(
                            Effect.Kind.DATABASE_OWNER_CHANGED,
                            subject,
                            actual.owner() + " -> " + owner)),
                    false));
          }
        });
    return new Plan(changes, List.of());
  }
}
