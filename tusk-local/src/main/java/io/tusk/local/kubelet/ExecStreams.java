package io.tusk.local.kubelet;

/**
 * The client side of an exec as a protocol handler offers it to an {@link ExecSession}. The methods
 * are called from the session's threads and may block until the data is on its way.
 */
interface ExecStreams {

  void stdout(byte[] data);

  void stderr(byte[] data);

  /** Writes the final status on the error stream and ends the connection. */
  void finish(String statusJson);
}
