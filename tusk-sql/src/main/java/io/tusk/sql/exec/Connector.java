package io.tusk.sql.exec;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a superuser connection to one database of the cluster. */
@FunctionalInterface
public interface Connector {
  Connection open(String database) throws SQLException;
}
