package io.tusk.sql.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.sql.Effect;
import io.tusk.sql.streams.DesiredPublication;
import io.tusk.sql.streams.PublicationPlanner;
import io.tusk.sql.streams.PublicationRef;
import io.tusk.sql.streams.PublicationSync;
import io.tusk.sql.streams.TableName;
import io.tusk.sql.testing.PostgresTestSupport;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The publications of the event streams against a real server. */
class PublicationSyncIT extends PostgresTestSupport {

  private final PublicationSync publications = new PublicationSync();

  private static void run(String database, String... sql) throws Exception {
    try (Connection c = pg.connect(database);
        Statement st = c.createStatement()) {
      for (String s : sql) {
        st.execute(s);
      }
    }
  }

  private static List<String> publications(String database) throws Exception {
    return column(
        database,
        "SELECT p.pubname || ': ' || COALESCE(string_agg(pt.schemaname || '.' || pt.tablename, ', '"
            + " ORDER BY pt.schemaname, pt.tablename), '')"
            + " FROM pg_publication p LEFT JOIN pg_publication_tables pt ON pt.pubname = p.pubname"
            + " GROUP BY p.pubname ORDER BY 1");
  }

  private static DesiredPublication wanted(String name, String... tables) {
    return new DesiredPublication(
        "streams",
        name,
        java.util.Arrays.stream(tables)
            .map(t -> t.contains(".") ? t.split("\\.", 2) : new String[] {"public", t})
            .map(p -> new TableName(p[0], p[1]))
            .toList());
  }

  @Test
  void createsChangesAndDropsOnlyItsOwnPublications() throws Exception {
    run("postgres", "CREATE DATABASE streams");
    run(
        "streams",
        "CREATE SCHEMA data",
        "CREATE TABLE test_table (id int primary key, payload jsonb)",
        "CREATE TABLE data.events (id int primary key)",
        // Made by hand: one named like Tusk's, one not; neither is ever dropped.
        "CREATE PUBLICATION fes_streams_manual FOR TABLE test_table",
        "CREATE PUBLICATION mypublication FOR TABLE data.events");

    PublicationSync.Result first =
        publications.sync(
            pg.target(),
            List.of(
                wanted("fes_streams_app", "test_table"),
                wanted("fes_streams_app2", "test_table", "test_non_exist_table")),
            Set.of());

    assertThat(first.errors()).isEmpty();
    assertThat(first.ready()).containsExactly(new PublicationRef("streams", "fes_streams_app"));
    assertThat(first.waiting())
        .containsEntry(
            new PublicationRef("streams", "fes_streams_app2"),
            "table public.test_non_exist_table does not exist");
    assertThat(first.effects())
        .extracting(Effect::kind)
        .containsExactly(Effect.Kind.PUBLICATION_CREATED);
    assertThat(publications("streams"))
        .containsExactly(
            "fes_streams_app: public.test_table",
            "fes_streams_manual: public.test_table",
            "mypublication: data.events");
    assertThat(
            scalar(
                "streams",
                "SELECT pubinsert::text || ' ' || pubupdate || ' ' || pubdelete FROM pg_publication"
                    + " WHERE pubname = 'fes_streams_app'"))
        .isEqualTo("true true false");
    assertThat(
            scalar(
                "streams",
                "SELECT obj_description(oid, 'pg_publication') FROM pg_publication"
                    + " WHERE pubname = 'fes_streams_app'"))
        .isEqualTo(PublicationPlanner.MARKER);

    // Nothing changed: nothing is sent.
    long mark = pg.logMark();
    PublicationSync.Result again =
        publications.sync(pg.target(), List.of(wanted("fes_streams_app", "test_table")), Set.of());
    assertThat(again.statements()).isEmpty();
    assertThat(pg.ddlSince(mark)).isEmpty();

    // Another table: the tables are set.
    PublicationSync.Result changed =
        publications.sync(
            pg.target(), List.of(wanted("fes_streams_app", "test_table", "data.events")), Set.of());
    assertThat(changed.effects())
        .extracting(Effect::kind)
        .containsExactly(Effect.Kind.PUBLICATION_ALTERED);
    assertThat(publications("streams")).contains("fes_streams_app: data.events, public.test_table");

    // No streams: Tusk's publication is released (and dropped when asked), the others stay.
    PublicationSync.Result none = publications.sync(pg.target(), List.of(), Set.of());
    assertThat(none.release()).containsExactly(new PublicationRef("streams", "fes_streams_app"));
    PublicationSync.Result dropped = publications.drop(pg.target(), none.release());
    assertThat(dropped.errors()).isEmpty();
    assertThat(dropped.effects())
        .extracting(Effect::kind)
        .containsExactly(Effect.Kind.PUBLICATION_DROPPED);
    assertThat(publications("streams"))
        .containsExactly("fes_streams_manual: public.test_table", "mypublication: data.events");
  }

  @Test
  void aStreamOnADatabaseThatDoesNotExistWaits() throws Exception {
    PublicationSync.Result result =
        publications.sync(
            pg.target(),
            List.of(
                new DesiredPublication(
                    "nowhere", "fes_nowhere_app", List.of(new TableName("public", "t")))),
            Set.of());
    assertThat(result.ready()).isEmpty();
    assertThat(result.waiting().values()).containsExactly("database \"nowhere\" does not exist");
  }
}
