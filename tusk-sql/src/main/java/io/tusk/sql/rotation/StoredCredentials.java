package io.tusk.sql.rotation;

/**
 * What a user's Secret holds now ({@code username}, {@code password}, {@code nextRotation}; the
 * latter empty when absent).
 *
 * @param userSupplied the Secret was created by someone else (the operator did not generate it):
 *     its password is used as is and never rotated, reset or overwritten
 */
public record StoredCredentials(
    String username, String password, String nextRotation, boolean userSupplied) {

  public StoredCredentials {
    username = username == null ? "" : username;
    password = password == null ? "" : password;
    nextRotation = nextRotation == null ? "" : nextRotation;
  }

  /** A Secret the operator generated. */
  public static StoredCredentials generated(String username, String password, String nextRotation) {
    return new StoredCredentials(username, password, nextRotation, false);
  }

  @Override
  public String toString() {
    return "StoredCredentials["
        + username
        + ", nextRotation="
        + nextRotation
        + ", userSupplied="
        + userSupplied
        + ", password=********]";
  }
}
