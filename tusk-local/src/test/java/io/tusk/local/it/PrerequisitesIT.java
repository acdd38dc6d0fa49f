package io.tusk.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.local.host.HostPrerequisites;
import io.tusk.local.host.HostRequirement;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tusk local up} and {@code check} in a child JVM whose {@code PATH} lacks iptables: up
 * stops before any work (no state directory), naming iptables and the command that installs it.
 */
class PrerequisitesIT {

  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  /** A PATH directory holding every required program of this machine except {@code absent}. */
  private Path pathWithout(List<String> absent) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    for (HostRequirement r : HostRequirement.values()) {
      if (absent.contains(r.command())) {
        continue;
      }
      Optional<Path> real = which(r.command());
      assertThat(real).as("this machine has %s", r.command()).isPresent();
      Files.createSymbolicLink(bin.resolve(r.command()), real.get());
    }
    return bin;
  }

  private static Optional<Path> which(String command) {
    for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
      Path p = Path.of(dir, command);
      if (!dir.isEmpty() && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private Run local(Path bin, String... args) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.tusk.local.cli.LocalCommand"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.put("PATH", bin.toString());
    env.put(HostPrerequisites.NO_INSTALL, "1");
    pb.redirectOutput(tmp.resolve("out").toFile());
    pb.redirectError(tmp.resolve("err").toFile());
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child finished").isTrue();
    Run r =
        new Run(
            p.exitValue(),
            Files.readString(tmp.resolve("out"), StandardCharsets.UTF_8),
            Files.readString(tmp.resolve("err"), StandardCharsets.UTF_8));
    System.out.println(
        "$ tusk local " + String.join(" ", args) + " -> " + r.code() + "\n" + r.out() + r.err());
    return r;
  }

  @Test
  void upWithoutIptablesStopsBeforeAnyWorkAndNamesIt() throws Exception {
    Path bin = pathWithout(List.of("iptables", "iptables-restore"));
    Path state = tmp.resolve("state");

    Run up = local(bin, "up", "--state-dir", state.toString());

    assertThat(up.code()).isEqualTo(1);
    assertThat(up.err())
        .contains("this machine lacks what the local environment needs")
        .contains("iptables (the Service (ClusterIP) rules): not found on PATH")
        .contains("apt-get install iptables")
        .contains("iptables-restore (writing the Service rules in one step)");
    assertThat(state).doesNotExist();
    assertThat(up.out()).doesNotContain("starting etcd");
  }

  @Test
  void checkListsWhatIsMissingAndWhatIsThere() throws Exception {
    Path bin = pathWithout(List.of("iptables", "iptables-restore"));

    Run check = local(bin, "check");

    assertThat(check.code()).isEqualTo(1);
    assertThat(check.out()).containsPattern("MISS +iptables ").containsPattern("ok +setpriv ");
    assertThat(check.err()).contains("apt-get install iptables");
  }

  @Test
  void simulatedPodsNeedNoIptables() throws Exception {
    Path bin = pathWithout(List.of("iptables", "iptables-restore"));

    Run check = local(bin, "check", "--simulate-pods");

    assertThat(check.code()).as(check.err()).isZero();
    assertThat(check.out()).contains("nothing is missing");
  }
}
