package io.tusk.images;

/** Software the local node needs could not be installed; the message says what to install. */
public class InstallationException extends Exception {

  private static final long serialVersionUID = 1L;

  public InstallationException(String message) {
    super(message);
  }
}
