package io.tusk.spec;

/**
 * The role a Postgres pod plays, as written in the {@code pod_role_label} ({@code spilo-role})
 * label by Patroni and used by the operator in service and PDB selectors. Mirrors {@code
 * cluster/types.go#PostgresRole} (v2.0.1).
 */
public enum PostgresRole {
  MASTER("master"),
  REPLICA("replica");

  private final String labelValue;

  PostgresRole(String labelValue) {
    this.labelValue = labelValue;
  }

  /** The value of the role label, e.g. {@code master}. */
  public String labelValue() {
    return labelValue;
  }

  @Override
  public String toString() {
    return labelValue;
  }
}
