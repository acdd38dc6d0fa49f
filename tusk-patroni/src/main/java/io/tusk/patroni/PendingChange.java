package io.tusk.patroni;

/**
 * A parameter whose new value waits for a restart, as Patroni 4 reports it in {@code
 * pending_restart_reason}.
 */
public record PendingChange(String oldValue, String newValue) {

  /**
   * Whether the new value is a smaller integer than the old one (false when either is not an
   * integer).
   */
  public boolean isDecrease() {
    try {
      return Long.parseLong(newValue.strip()) < Long.parseLong(oldValue.strip());
    } catch (RuntimeException e) {
      return false;
    }
  }
}
