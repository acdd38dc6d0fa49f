package io.tusk.local;

import io.tusk.local.process.LogTail;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A component exited or never became healthy while the control plane was starting. The message
 * names the component and its log file and quotes the end of the log.
 */
public class ComponentFailedException extends IOException {

  private final String component;
  private final Path log;

  public ComponentFailedException(String component, String what, Path log) {
    super(component + " " + what + ". Log: " + log + "; last lines:\n" + LogTail.of(log, 25));
    this.component = component;
    this.log = log;
  }

  public String component() {
    return component;
  }

  public Path log() {
    return log;
  }

  /** True when the log says the component could not bind its port (someone took it meanwhile). */
  public boolean isPortConflict() {
    return getMessage().contains("address already in use");
  }
}
