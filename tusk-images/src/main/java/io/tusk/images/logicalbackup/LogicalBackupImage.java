package io.tusk.images.logicalbackup;

import io.tusk.images.ContainerContext;
import io.tusk.images.ContainerImage;
import io.tusk.images.ImageException;
import io.tusk.images.Installations;
import io.tusk.images.LaunchPlan;
import io.tusk.images.PodUser;
import io.tusk.images.PostgresInstallation;
import io.tusk.images.spilo.PostBootstrapCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Zalando's logical backup image ({@code .../postgres-operator/logical-backup:...}) as {@link
 * LogicalBackupDump} with the local PostgreSQL clients and the AWS CLI. The job's environment is
 * passed on as it is (its passwords never reach a command line); the Kubernetes API is reached with
 * the pod's service account, as the image's {@code curl} calls do.
 */
public final class LogicalBackupImage implements ContainerImage {

  private static final Pattern SERVER = Pattern.compile("(?m)^\\s*server:\\s*(\\S+)\\s*$");

  private final String reference;
  private final Installations installations;

  public LogicalBackupImage(String reference, Installations installations) {
    this.reference = reference;
    this.installations = installations;
  }

  @Override
  public LaunchPlan prepare(ContainerContext ctx) throws ImageException {
    if (!ctx.command().isEmpty() || !ctx.args().isEmpty()) {
      throw new ImageException(
          "the local node runs the logical backup image only with its own entrypoint (dump.sh)");
    }
    Path aws =
        installations
            .awsCli()
            .orElseThrow(
                () ->
                    new ImageException(
                        "the AWS CLI is not installed here (run `tusk local install`)"));
    try {
      PodUser user = PodUser.of(ctx.runAsUser());
      Path scratch = ctx.scratchDir();
      user.own(scratch);
      Path home = user.directory(scratch.resolve("home"), "rwx------");
      List<String> command =
          new ArrayList<>(PostBootstrapCommand.javaCommand(scratch.resolve("lib"), user));
      command.add(LogicalBackupDump.class.getName());
      Map<String, String> env = new LinkedHashMap<>(ctx.env());
      List<String> bins = new ArrayList<>();
      for (PostgresInstallation pg : installations.postgresInstallations()) {
        bins.add(pg.major() + "=" + pg.binDir());
      }
      env.put(LogicalBackupDump.PG_BINS, String.join(",", bins));
      env.put(LogicalBackupDump.AWS, aws.toString());
      env.put("HOME", home.toString());
      env.put("HOSTNAME", ctx.podName());
      env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
      if (ctx.kubeconfig() != null && Files.isRegularFile(ctx.kubeconfig())) {
        Matcher m = SERVER.matcher(Files.readString(ctx.kubeconfig(), StandardCharsets.UTF_8));
        if (m.find()) {
          env.put(LogicalBackupDump.API_SERVER, m.group(1));
        }
        Path sa = ctx.kubeconfig().resolveSibling("serviceaccount");
        env.put(LogicalBackupDump.TOKEN_FILE, sa.resolve("token").toString());
        env.put(LogicalBackupDump.CA_FILE, sa.resolve("ca.crt").toString());
      }
      return new LaunchPlan(
          command,
          env,
          home,
          List.of(
              "logical backup image "
                  + reference
                  + " runs here with the local pg_dumpall and the AWS CLI "
                  + installations.awsCliVersion().orElse("?")));
    } catch (IOException e) {
      throw new ImageException("cannot prepare the logical backup container: " + e.getMessage(), e);
    }
  }
}
