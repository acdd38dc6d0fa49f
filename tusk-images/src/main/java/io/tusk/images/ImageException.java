package io.tusk.images;

/**
 * A container cannot run on the local node. The message is written for a pod status reason, e.g.
 * "PostgreSQL 16 is not available on this machine; available majors: 15, 17, 18".
 */
public class ImageException extends Exception {

  private static final long serialVersionUID = 1L;

  public ImageException(String reason) {
    super(reason);
  }

  public ImageException(String reason, Throwable cause) {
    super(reason, cause);
  }

  /** The reason for the pod status (same as the message). */
  public String reason() {
    return getMessage();
  }
}
