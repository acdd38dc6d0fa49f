package io.tusk.images.spilo.upgrade;

/** An upgrade step failed; the message is what the operator shows (never a secret). */
final class UpgradeFailed extends Exception {
  private static final long serialVersionUID = 1L;

  UpgradeFailed(String message) {
    super(message);
  }

  UpgradeFailed(String message, Throwable cause) {
    super(message, cause);
  }
}
