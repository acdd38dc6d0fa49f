package io.tusk.sql.catalog;

import io.tusk.sql.model.PoolerLookup;
import io.tusk.sql.model.RoleAttribute;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what the server has: roles with attributes, password and settings ({@code pg_authid},
 * {@code pg_db_role_setting}), memberships, databases with their connection counts, and, per
 * database, schemas, privileges, extensions and the pooler lookup function. Reads only; never
 * changes anything. Mirrors the queries of Zalando's {@code database.go} ({@code getUserSQL},
 * {@code getDatabasesSQL}, {@code getSchemasSQL}, {@code getExtensionsSQL}; v2.0.1).
 */
public final class CatalogReader {

  private static final String ROLES =
      "SELECT a.rolname, a.rolsuper, a.rolinherit, a.rolcreaterole, a.rolcreatedb,"
          + " a.rolcanlogin, a.rolreplication, a.rolbypassrls, a.rolpassword, s.setconfig"
          + " FROM pg_catalog.pg_authid a"
          + " LEFT JOIN pg_catalog.pg_db_role_setting s"
          + " ON s.setrole = a.oid AND s.setdatabase = 0"
          + " ORDER BY a.rolname";

  private static final String MEMBERSHIPS =
      "SELECT r.rolname, m.rolname, am.admin_option FROM pg_catalog.pg_auth_members am"
          + " JOIN pg_catalog.pg_authid r ON r.oid = am.roleid"
          + " JOIN pg_catalog.pg_authid m ON m.oid = am.member";

  private static final String DATABASES =
      "SELECT d.datname, pg_catalog.pg_get_userbyid(d.datdba), d.datallowconn, d.datistemplate,"
          + " (SELECT count(*) FROM pg_catalog.pg_stat_activity a"
          + "   WHERE a.datid = d.oid AND a.pid <> pg_catalog.pg_backend_pid())"
          + " FROM pg_catalog.pg_database d ORDER BY d.datname";

  // Objects and privileges in each database (dbid 0: shared objects, handled where we connect).
  private static final String DEPENDENCIES =
      "SELECT DISTINCT r.rolname, COALESCE(d.datname, pg_catalog.current_database())"
          + " FROM pg_catalog.pg_shdepend s"
          + " JOIN pg_catalog.pg_authid r ON r.oid = s.refobjid"
          + " LEFT JOIN pg_catalog.pg_database d ON d.oid = s.dbid"
          + " WHERE s.refclassid = 'pg_catalog.pg_authid'::pg_catalog.regclass"
          + " AND s.deptype <> 'p'";

  private static final String SCHEMAS =
      "SELECT n.nspname, pg_catalog.pg_get_userbyid(n.nspowner) FROM pg_catalog.pg_namespace n"
          + " WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' ORDER BY 1";

  private static final String SCHEMA_GRANTS =
      "SELECT n.nspname, COALESCE(r.rolname, 'PUBLIC'), a.privilege_type"
          + " FROM pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) a"
          + " LEFT JOIN pg_catalog.pg_authid r ON r.oid = a.grantee"
          + " WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'";

  private static final String DEFAULT_ACLS =
      "SELECT pg_catalog.pg_get_userbyid(d.defaclrole), n.nspname, d.defaclobjtype,"
          + " COALESCE(r.rolname, 'PUBLIC'), a.privilege_type"
          + " FROM pg_catalog.pg_default_acl d"
          + " LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace,"
          + " pg_catalog.aclexplode(d.defaclacl) a"
          + " LEFT JOIN pg_catalog.pg_authid r ON r.oid = a.grantee";

  private static final String EXTENSIONS =
      "SELECT e.extname, n.nspname FROM pg_catalog.pg_extension e"
          + " LEFT JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace ORDER BY 1";

  // The lookup function is ready when it exists as SECURITY DEFINER and the pooler user may use
  // it and its schema.
  private static final String POOLER_LOOKUP =
      "SELECT p.prosecdef"
          + " AND pg_catalog.has_function_privilege(r.oid, p.oid, 'EXECUTE')"
          + " AND pg_catalog.has_schema_privilege(r.oid, n.oid, 'USAGE')"
          + " FROM pg_catalog.pg_proc p"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
          + " JOIN pg_catalog.pg_authid r ON r.rolname = ?"
          + " WHERE n.nspname = ? AND p.proname = 'user_lookup'"
          + " AND p.proargtypes = '25'::pg_catalog.oidvector";

  private CatalogReader() {}

  /** Roles, memberships, databases and where each role has objects. */
  public static ClusterCatalog readCluster(Connection c) throws SQLException {
    List<ActualRole> roles = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(ROLES)) {
      while (rs.next()) {
        Map<RoleAttribute, Boolean> attributes = new EnumMap<>(RoleAttribute.class);
        attributes.put(RoleAttribute.SUPERUSER, rs.getBoolean(2));
        attributes.put(RoleAttribute.INHERIT, rs.getBoolean(3));
        attributes.put(RoleAttribute.CREATEROLE, rs.getBoolean(4));
        attributes.put(RoleAttribute.CREATEDB, rs.getBoolean(5));
        attributes.put(RoleAttribute.LOGIN, rs.getBoolean(6));
        attributes.put(RoleAttribute.REPLICATION, rs.getBoolean(7));
        attributes.put(RoleAttribute.BYPASSRLS, rs.getBoolean(8));
        roles.add(
            new ActualRole(
                rs.getString(1), attributes, rs.getString(9), settings(rs.getArray(10))));
      }
    }
    List<Membership> memberships = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(MEMBERSHIPS)) {
      while (rs.next()) {
        memberships.add(new Membership(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
      }
    }
    List<ActualDatabase> databases = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(DATABASES)) {
      while (rs.next()) {
        databases.add(
            new ActualDatabase(
                rs.getString(1),
                rs.getString(2),
                rs.getBoolean(3),
                rs.getBoolean(4),
                rs.getInt(5)));
      }
    }
    Map<String, Set<String>> dependencies = new LinkedHashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(DEPENDENCIES)) {
      while (rs.next()) {
        dependencies
            .computeIfAbsent(rs.getString(1), k -> new LinkedHashSet<>())
            .add(rs.getString(2));
      }
    }
    return ClusterCatalog.of(roles, memberships, databases, dependencies);
  }

  /** Schemas, privileges, extensions and, if asked, the pooler function of one database. */
  public static DatabaseCatalog readDatabase(Connection c, String database, PoolerLookup pooler)
      throws SQLException {
    Map<String, String> schemas = new LinkedHashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(SCHEMAS)) {
      while (rs.next()) {
        schemas.put(rs.getString(1), rs.getString(2));
      }
    }
    Set<SchemaGrant> grants = new HashSet<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(SCHEMA_GRANTS)) {
      while (rs.next()) {
        grants.add(new SchemaGrant(rs.getString(1), rs.getString(2), rs.getString(3)));
      }
    }
    Set<DefaultAcl> acls = new HashSet<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(DEFAULT_ACLS)) {
      while (rs.next()) {
        acls.add(
            new DefaultAcl(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3).charAt(0),
                rs.getString(4),
                rs.getString(5)));
      }
    }
    Map<String, String> extensions = new LinkedHashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(EXTENSIONS)) {
      while (rs.next()) {
        extensions.put(rs.getString(1), rs.getString(2));
      }
    }
    boolean poolerReady = false;
    if (pooler != null) {
      try (PreparedStatement ps = c.prepareStatement(POOLER_LOOKUP)) {
        ps.setString(1, pooler.user());
        ps.setString(2, pooler.schema());
        try (ResultSet rs = ps.executeQuery()) {
          poolerReady = rs.next() && rs.getBoolean(1);
        }
      }
    }
    return new DatabaseCatalog(database, schemas, grants, acls, extensions, poolerReady);
  }

  /** {@code setconfig} ({@code {name=value,...}}) to a map; the value may contain '='. */
  private static Map<String, String> settings(Array array) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    if (array == null) {
      return out;
    }
    for (Object o : (Object[]) array.getArray()) {
      String s = (String) o;
      int eq = s.indexOf('=');
      if (eq > 0) {
        out.put(s.substring(0, eq), s.substring(eq + 1));
      }
    }
    return out;
  }
}
