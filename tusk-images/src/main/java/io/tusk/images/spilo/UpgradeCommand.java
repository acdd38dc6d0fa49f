package io.tusk.images.spilo;

import io.tusk.images.ContainerContext;
import io.tusk.images.Installations;
import io.tusk.images.PodUser;
import io.tusk.images.PostgresInstallation;
import io.tusk.images.spilo.upgrade.InplaceUpgrade;
import io.tusk.images.spilo.upgrade.UpgradeSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spilo's {@code /scripts/inplace_upgrade.py} in the local image: the settings of {@link
 * InplaceUpgrade} and a small script that runs it, which an exec naming Spilo's script reaches
 * through the launch plan's exec aliases.
 */
final class UpgradeCommand {

  /** What Zalando's operator execs (contract section 8), longest first. */
  static final List<String> SPILO_COMMANDS =
      List.of(
          "/usr/bin/python3 /scripts/inplace_upgrade.py", "python3 /scripts/inplace_upgrade.py");

  private static final Pattern SERVER = Pattern.compile("(?m)^\\s*server:\\s*(\\S+)\\s*$");

  private UpgradeCommand() {}

  static UpgradeSettings settings(
      SpiloStartupEnv env,
      ContainerContext ctx,
      Path dataDir,
      Path socketDir,
      String podIp,
      Path patroniPid,
      boolean ssl,
      int targetMajor,
      Installations installations,
      Path runDir)
      throws IOException {
    Map<Integer, Path> bins = new TreeMap<>();
    Map<Integer, java.util.Set<String>> extensions = new TreeMap<>();
    for (int major : installations.availablePostgresMajors()) {
      PostgresInstallation pg = installations.postgres(major).orElseThrow();
      bins.put(major, pg.binDir());
      extensions.put(major, pg.extensions());
    }
    String server = "";
    Path token = null;
    Path ca = null;
    if (ctx.kubeconfig() != null && Files.isRegularFile(ctx.kubeconfig())) {
      Matcher m = SERVER.matcher(Files.readString(ctx.kubeconfig(), StandardCharsets.UTF_8));
      server = m.find() ? m.group(1) : "";
      Path sa = ctx.kubeconfig().resolveSibling("serviceaccount");
      token = sa.resolve("token");
      ca = sa.resolve("ca.crt");
    }
    return new UpgradeSettings(
        ctx.podName(),
        env.value("POD_NAMESPACE").orElse(ctx.namespace()),
        env.scope(),
        dataDir,
        socketDir,
        env.pgPort(),
        "http://" + podIp + ":" + env.apiPort(),
        patroniPid,
        env.superuser(),
        env.superuserPassword(),
        ssl,
        targetMajor,
        bins,
        extensions,
        server,
        token,
        ca,
        runDir);
  }

  /**
   * Writes the settings (private) and the script into the scratch directory; returns the exec
   * aliases that lead Spilo's command to the script.
   */
  static Map<String, String> prepare(Path scratch, PodUser user, UpgradeSettings settings)
      throws IOException {
    user.directory(settings.runDir(), "rwx------");
    Path file = user.privateFile(scratch.resolve("upgrade.properties"), settings.render());
    String script =
        "#!/bin/sh\n"
            + "# Stands in for Spilo's /scripts/inplace_upgrade.py NUMBER_OF_PODS.\n"
            + "exec "
            + ShellQuoting.join(PostBootstrapCommand.javaArgs(scratch.resolve("lib")))
            + " "
            + ShellQuoting.join(List.of(InplaceUpgrade.class.getName(), file.toString()))
            + " \"$@\"\n";
    Path scripts = user.directory(scratch.resolve("scripts"), "rwxr-xr-x");
    Path command = user.file(scripts.resolve("inplace_upgrade"), script, "rwxr-xr-x");
    Map<String, String> aliases = new LinkedHashMap<>();
    for (String spilo : SPILO_COMMANDS) {
      aliases.put(spilo, command.toString());
    }
    return aliases;
  }
}
