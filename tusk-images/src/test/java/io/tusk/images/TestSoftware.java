package io.tusk.images;

/** The machine's real software for integration tests, installed on first use (never skipped). */
public final class TestSoftware {

  private static Installations installations;

  private TestSoftware() {}

  public static synchronized Installations installations() throws InstallationException {
    if (installations == null) {
      installations =
          SoftwareInstaller.ensureInstalled(line -> System.out.println("[install] " + line));
    }
    return installations;
  }
}
