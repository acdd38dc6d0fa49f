package io.tusk.local.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tusk.local.Progress;
import io.tusk.local.binaries.BinaryCache;
import io.tusk.local.host.HostPrerequisites.Missing;
import io.tusk.local.host.HostPrerequisites.Needs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostPrerequisitesTest {

  @TempDir Path dir;

  private static final Needs REAL_PODS = new Needs(true, false);

  private Path pathWithAllBut(String... absent) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    for (HostRequirement r : HostRequirement.values()) {
      if (!List.of(absent).contains(r.command())) {
        executable(bin.resolve(r.command()));
      }
    }
    return bin;
  }

  private static void executable(Path p) throws IOException {
    Files.writeString(p, "#!/bin/sh\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private HostPrerequisites host(
      Path bin, boolean root, List<List<String>> installs, Map<String, String> extra) {
    Map<String, String> env = new java.util.HashMap<>(extra);
    env.put("PATH", bin.toString());
    return new HostPrerequisites(
        env,
        root,
        (packages, progress) -> {
          installs.add(packages);
          for (HostRequirement r : HostRequirement.values()) {
            if (packages.contains(r.debianPackage())) {
              try {
                executable(bin.resolve(r.command()));
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            }
          }
        },
        new BinaryCache(dir.resolve("cache")));
  }

  @Test
  void aMissingProgramIsNamedWithItsPackageAndPurpose() throws IOException {
    Path bin = pathWithAllBut("iptables", "iptables-restore");
    List<Missing> missing = host(bin, false, new ArrayList<>(), Map.of()).check(REAL_PODS);
    assertThat(missing)
        .extracting(Missing::toString)
        .contains(
            "iptables (the Service (ClusterIP) rules): not found on PATH; install it with: sudo"
                + " apt-get install iptables",
            "root (network namespaces, the pod bridge and Service rules): run as root, or start"
                + " the control plane with --simulate-pods");
  }

  @Test
  void simulatedPodsNeedNeitherIptablesNorRoot() throws IOException {
    Path bin = pathWithAllBut("iptables", "iptables-restore", "ip");
    assertThat(host(bin, false, new ArrayList<>(), Map.of()).check(new Needs(false, false)))
        .isEmpty();
  }

  @Test
  void asRootMissingPackagesAreInstalledOnceEach() throws IOException {
    Path bin = pathWithAllBut("iptables", "iptables-restore", "setpriv");
    List<List<String>> installs = new ArrayList<>();
    host(bin, true, installs, Map.of()).ensure(REAL_PODS, Progress.silent());
    assertThat(installs).containsExactly(List.of("iptables", "util-linux"));
  }

  @Test
  void withNoInstallNothingIsInstalledAndEveryMissingPieceIsNamed() throws IOException {
    Path bin = pathWithAllBut("iptables", "iptables-restore", "script");
    List<List<String>> installs = new ArrayList<>();
    HostPrerequisites host = host(bin, true, installs, Map.of(HostPrerequisites.NO_INSTALL, "1"));
    assertThatThrownBy(() -> host.ensure(REAL_PODS, Progress.silent()))
        .isInstanceOf(PrerequisitesException.class)
        .hasMessageContaining("iptables (the Service (ClusterIP) rules)")
        .hasMessageContaining("apt-get install iptables")
        .hasMessageContaining("iptables-restore")
        .hasMessageContaining("apt-get install bsdutils");
    assertThat(installs).isEmpty();
  }

  @Test
  void aFailedInstallStillEndsInTheListOfWhatIsMissing() throws IOException {
    Path bin = pathWithAllBut("iptables", "iptables-restore");
    Map<String, String> env = Map.of("PATH", bin.toString());
    HostPrerequisites host =
        new HostPrerequisites(
            env,
            true,
            (packages, progress) -> {
              throw new io.tusk.images.InstallationException("apt-get install iptables failed");
            },
            new BinaryCache(dir.resolve("cache")));
    assertThatThrownBy(() -> host.ensure(REAL_PODS, Progress.silent()))
        .isInstanceOf(PrerequisitesException.class)
        .hasMessageContaining("apt-get install iptables");
  }
}
