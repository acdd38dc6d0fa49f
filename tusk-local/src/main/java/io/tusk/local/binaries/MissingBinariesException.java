package io.tusk.local.binaries;

/** The control-plane binaries are neither provided, cached nor buildable; the message says why. */
public final class MissingBinariesException extends RuntimeException {
  public MissingBinariesException(String message) {
    super(message);
  }
}
