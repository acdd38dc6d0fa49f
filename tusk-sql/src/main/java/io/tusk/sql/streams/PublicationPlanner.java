package io.tusk.sql.streams;

import io.tusk.sql.Effect;
import io.tusk.sql.Subject;
import io.tusk.sql.plan.Change;
import io.tusk.sql.statement.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Plans the publications of one database. Pure. Mirrors {@code streams.go#syncPublication}
 * (v2.0.1): a wanted publication that does not exist is created ({@code FOR TABLE ... WITH (publish
 * = 'insert, update')}), one whose tables differ gets them set ({@code ALTER PUBLICATION ... SET
 * TABLE}), and one that no stream wants any more is dropped once its slot is released.
 *
 * <p>Tusk's rules on top of Zalando's:
 *
 * <ul>
 *   <li>only publications that carry Tusk's comment ({@link #MARKER}) are dropped or altered
 *       without being wanted by name; every other publication is left alone whatever its name;
 *   <li>a wanted publication that exists without the comment is taken over (comment added, tables
 *       set) when it belongs to the role Tusk connects as, as Zalando's would be; one that belongs
 *       to another role or publishes all tables is left alone and its slot waits;
 *   <li>a wanted publication naming a table that does not exist is neither created nor changed (its
 *       slot waits): Zalando sends the statement and it fails; Tusk says which tables are missing.
 * </ul>
 */
public final class PublicationPlanner {

  /** The comment on every publication Tusk creates; how Tusk recognises its own. */
  public static final String MARKER =
      "Managed by Tusk: event streams of the postgresql manifest. Dropped when no stream needs it.";

  private static final String MARKER_PREFIX = "Managed by Tusk: event streams";

  private PublicationPlanner() {}

  /** Whether a publication's comment is Tusk's mark. */
  public static boolean isMarker(String comment) {
    return comment != null && comment.startsWith(MARKER_PREFIX);
  }

  /**
   * The plan of one database.
   *
   * @param changes to run; each wanted publication they create or alter is {@code ready} once its
   *     change succeeded
   * @param ready wanted publications in place once {@code changes} succeed
   * @param waiting wanted publications that are not, with the reason (their slots wait)
   * @param release Tusk's publications that no stream wants: their slots go, then they do
   */
  public record DatabasePlan(
      List<Change> changes,
      List<PublicationRef> ready,
      Map<PublicationRef, String> waiting,
      List<PublicationRef> release) {

    public DatabasePlan {
      changes = List.copyOf(changes);
      ready = List.copyOf(ready);
      waiting = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(waiting));
      release = List.copyOf(release);
    }
  }

  /**
   * @param wanted the publications wanted in this database
   * @param keep names that are never released (slots of the manifest's {@code patroni.slots})
   * @param superuser the role Tusk connects as, which owns what it creates
   */
  public static DatabasePlan plan(
      Collection<DesiredPublication> wanted,
      PublicationCatalog actual,
      Set<String> keep,
      String superuser) {
    String db = actual.database();
    List<Change> changes = new ArrayList<>();
    List<PublicationRef> ready = new ArrayList<>();
    Map<PublicationRef, String> waiting = new LinkedHashMap<>();
    Set<String> wantedNames =
        wanted.stream().map(DesiredPublication::name).collect(Collectors.toSet());
    for (DesiredPublication w : wanted) {
      PublicationRef ref = w.ref();
      Subject subject = Subject.in(db, Subject.Kind.PUBLICATION, w.name());
      List<TableName> missing =
          w.tables().stream().filter(t -> !actual.existingTables().contains(t)).toList();
      ActualPublication have = actual.publications().get(w.name());
      if (w.tables().isEmpty()) {
        waiting.put(ref, "no tables are named");
        continue;
      }
      if (!missing.isEmpty()) {
        waiting.put(
            ref,
            (missing.size() == 1 ? "table " : "tables ")
                + missing.stream().map(TableName::toString).collect(Collectors.joining(", "))
                + (missing.size() == 1 ? " does" : " do")
                + " not exist");
        continue;
      }
      if (have == null) {
        changes.add(
            new Change(
                subject,
                db,
                true,
                List.of(create(w), comment(w.name())),
                List.of(
                    new Effect(
                        Effect.Kind.PUBLICATION_CREATED, subject, "for " + tableList(w.tables()))),
                false));
        ready.add(ref);
        continue;
      }
      if (have.allTables()) {
        waiting.put(ref, "a publication of that name publishes all tables; Tusk leaves it alone");
        continue;
      }
      if (!have.managed() && !superuser.equals(have.owner())) {
        waiting.put(
            ref,
            "a publication of that name belongs to role \""
                + have.owner()
                + "\"; Tusk leaves it alone");
        continue;
      }
      List<Statement> statements = new ArrayList<>();
      List<String> details = new ArrayList<>();
      if (!have.tables().equals(w.tables())) {
        statements.add(alter(w));
        details.add("tables " + tableList(w.tables()));
      }
      if (!have.managed()) {
        statements.add(comment(w.name()));
        details.add("now managed by Tusk");
      }
      if (!statements.isEmpty()) {
        changes.add(
            new Change(
                subject,
                db,
                true,
                statements,
                List.of(
                    new Effect(
                        Effect.Kind.PUBLICATION_ALTERED, subject, String.join("; ", details))),
                false));
      }
      ready.add(ref);
    }
    List<PublicationRef> release = new ArrayList<>();
    for (ActualPublication p : actual.publications().values()) {
      if (p.managed() && !wantedNames.contains(p.name()) && !keep.contains(p.name())) {
        release.add(new PublicationRef(db, p.name()));
      }
    }
    return new DatabasePlan(changes, ready, waiting, release);
  }

  /** Dropping one of Tusk's publications (after its slot was released). */
  public static Change drop(PublicationRef ref) {
    Subject subject = Subject.in(ref.database(), Subject.Kind.PUBLICATION, ref.name());
    return new Change(
        subject,
        ref.database(),
        true,
        List.of(Statement.builder().sql("DROP PUBLICATION IF EXISTS ").ident(ref.name()).build()),
        List.of(new Effect(Effect.Kind.PUBLICATION_DROPPED, subject, "")),
        false);
  }

  private static Statement create(DesiredPublication w) {
    return Statement.builder()
        .sql("CREATE PUBLICATION ")
        .ident(w.name())
        .sql(" FOR TABLE " + tablesSql(w.tables()) + " WITH (publish = 'insert, update')")
        .build();
  }

  private static Statement alter(DesiredPublication w) {
    return Statement.builder()
        .sql("ALTER PUBLICATION ")
        .ident(w.name())
        .sql(" SET TABLE " + tablesSql(w.tables()))
        .build();
  }

  private static Statement comment(String name) {
    return Statement.builder()
        .sql("COMMENT ON PUBLICATION ")
        .ident(name)
        .sql(" IS ")
        .literal(MARKER)
        .build();
  }

  private static String tablesSql(List<TableName> tables) {
    return tables.stream().map(TableName::sql).collect(Collectors.joining(", "));
  }

  private static String tableList(List<TableName> tables) {
    return tables.stream().map(TableName::toString).collect(Collectors.joining(", "));
  }
}
