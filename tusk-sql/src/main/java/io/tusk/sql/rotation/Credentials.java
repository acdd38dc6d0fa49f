package io.tusk.sql.rotation;

/**
 * What a user's Secret must hold after this sync: {@code username}, {@code password} and {@code
 * nextRotation} (RFC 3339, empty when the user does not rotate).
 */
public record Credentials(String username, String password, String nextRotation) {
  @Override
  public String toString() {
    return "Credentials[" + username + ", nextRotation=" + nextRotation + ", password=********]";
  }
}
