package io.tusk.local.host;

import java.util.List;

/** The machine lacks something the local environment needs; the message names every piece. */
public final class PrerequisitesException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<HostPrerequisites.Missing> missing;

  public PrerequisitesException(List<HostPrerequisites.Missing> missing) {
    super(message(missing));
    this.missing = List.copyOf(missing);
  }

  public List<HostPrerequisites.Missing> missing() {
    return missing;
  }

  private static String message(List<HostPrerequisites.Missing> missing) {
    StringBuilder b = new StringBuilder("this machine lacks what the local environment needs:");
    for (HostPrerequisites.Missing m : missing) {
      b.append("\n  - ").append(m);
    }
    return b.toString();
  }
}
