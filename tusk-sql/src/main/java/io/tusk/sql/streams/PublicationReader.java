package io.tusk.sql.streams;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a database's publications and the existence of tables. Zalando reads only the {@code fes_%}
 * publications owned by {@code postgres} ({@code database.go#getPublicationsSQL}); Tusk reads every
 * publication, so it can tell its own (by their comment) from those made by hand.
 */
public final class PublicationReader {

  private static final String PUBLICATIONS =
      "SELECT p.pubname, pg_catalog.pg_get_userbyid(p.pubowner), p.puballtables,"
          + " COALESCE(pg_catalog.obj_description(p.oid, 'pg_publication'), '')"
          + " FROM pg_catalog.pg_publication p ORDER BY 1";

  private static final String PUBLISHED_TABLES =
      "SELECT pt.pubname, pt.schemaname, pt.tablename FROM pg_catalog.pg_publication_tables pt"
          + " JOIN pg_catalog.pg_publication p ON p.pubname = pt.pubname"
          + " WHERE NOT p.puballtables";

  private static final String EXISTING_TABLES =
      "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " JOIN unnest(?::text[], ?::text[]) AS w(nspname, relname)"
          + " ON w.nspname = n.nspname AND w.relname = c.relname"
          + " WHERE c.relkind IN ('r', 'p')";

  private PublicationReader() {}

  /** The publications of the connected database, and which of {@code wanted} exist in it. */
  public static PublicationCatalog read(Connection c, String database, Collection<TableName> wanted)
      throws SQLException {
    Map<String, String[]> heads = new LinkedHashMap<>();
    Map<String, List<TableName>> tables = new LinkedHashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(PUBLICATIONS)) {
      while (rs.next()) {
        heads.put(
            rs.getString(1),
            new String[] {rs.getString(2), Boolean.toString(rs.getBoolean(3)), rs.getString(4)});
        tables.put(rs.getString(1), new ArrayList<>());
      }
    }
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(PUBLISHED_TABLES)) {
      while (rs.next()) {
        List<TableName> list = tables.get(rs.getString(1));
        if (list != null) {
          list.add(new TableName(rs.getString(2), rs.getString(3)));
        }
      }
    }
    Map<String, ActualPublication> publications = new LinkedHashMap<>();
    heads.forEach(
        (name, h) ->
            publications.put(
                name,
                new ActualPublication(
                    name,
                    h[0],
                    Boolean.parseBoolean(h[1]),
                    PublicationPlanner.isMarker(h[2]),
                    tables.get(name))));
    return new PublicationCatalog(database, publications, existing(c, wanted));
  }

  private static Set<TableName> existing(Connection c, Collection<TableName> wanted)
      throws SQLException {
    Set<TableName> found = new HashSet<>();
    if (wanted.isEmpty()) {
      return found;
    }
    List<TableName> list = List.copyOf(wanted);
    try (PreparedStatement ps = c.prepareStatement(EXISTING_TABLES)) {
      Array schemas = c.createArrayOf("text", list.stream().map(TableName::schema).toArray());
      Array names = c.createArrayOf("text", list.stream().map(TableName::name).toArray());
      ps.setArray(1, schemas);
      ps.setArray(2, names);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(new TableName(rs.getString(1), rs.getString(2)));
        }
      }
    }
    return found;
  }
}
