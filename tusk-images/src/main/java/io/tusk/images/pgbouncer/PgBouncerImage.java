package io.tusk.images.pgbouncer;

import io.tusk.images.ContainerContext;
import io.tusk.images.ContainerImage;
import io.tusk.images.ImageException;
import io.tusk.images.Installations;
import io.tusk.images.LaunchPlan;
import io.tusk.images.PodUser;
import io.tusk.images.SelfSignedCertificate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs Zalando's connection pooler image as the local PgBouncer: renders {@code pgbouncer.ini}
 * ({@link PgBouncerConfig}), provides the client certificate and the auth file, and starts {@code
 * pgbouncer <ini>} in the foreground.
 *
 * <p>Mirrors {@code pooler/entrypoint.sh} of postgres-operator v2.0.1: a self-signed certificate
 * for {@code CN=spilo.dummy.org} unless {@code CONNECTION_POOLER_CLIENT_TLS_CRT}/{@code _KEY} name
 * mounted files; the auth file is the mounted {@code /etc/pgbouncer/userlist.txt} (the operator's
 * {@code <cluster>-pooler-u} secret) or, as in older images, one line made of {@code PGUSER}/{@code
 * PGPASSWORD}.
 */
public final class PgBouncerImage implements ContainerImage {

  static final String USERLIST_MOUNT = "/etc/pgbouncer/userlist.txt";
  private static final int MAX_SOCKET_PATH = 107;

  private final String reference;
  private final Installations installations;

  public PgBouncerImage(String reference, Installations installations) {
    this.reference = reference;
    this.installations = installations;
  }

  public String reference() {
    return reference;
  }

  @Override
  public LaunchPlan prepare(ContainerContext ctx) throws ImageException {
    if (!ctx.command().isEmpty() || !ctx.args().isEmpty()) {
      throw new ImageException(
          "the local node runs the pooler image only with its own entrypoint; command/args are "
              + "not supported");
    }
    Path pgbouncer =
        installations
            .pgbouncerExecutable()
            .orElseThrow(
                () ->
                    new ImageException(
                        "PgBouncer is not installed on this machine (apt-get install pgbouncer)"));
    String version = installations.pgbouncerVersion().orElse(null);
    PodUser user = PodUser.of(ctx.runAsUser());
    List<String> notes = new ArrayList<>();
    notes.add(
        "pooler image "
            + reference
            + " runs here as PgBouncer "
            + (version == null ? "?" : version)
            + " ("
            + pgbouncer
            + ")");
    try {
      Path scratch = ctx.scratchDir();
      user.own(scratch);
      Path run = user.directory(scratch.resolve("run"), "rwx------");
      Path certs = user.directory(scratch.resolve("certs"), "rwx------");
      Path cert = certs.resolve("pgbouncer.crt");
      Path key = certs.resolve("pgbouncer.key");
      Optional<Path> ca = Optional.empty();
      Optional<Path> mountedCrt =
          ctx.envValue("CONNECTION_POOLER_CLIENT_TLS_CRT")
              .filter(v -> !v.isEmpty())
              .map(ctx::hostPath);
      Optional<Path> mountedKey =
          ctx.envValue("CONNECTION_POOLER_CLIENT_TLS_KEY")
              .filter(v -> !v.isEmpty())
              .map(ctx::hostPath);
      if (mountedCrt.isPresent()
          && mountedKey.isPresent()
          && Files.isRegularFile(mountedCrt.get())
          && Files.isRegularFile(mountedKey.get())) {
        user.privateCopy(mountedCrt.get(), cert);
        user.privateCopy(mountedKey.get(), key);
        Optional<Path> mountedCa =
            ctx.envValue("CONNECTION_POOLER_CLIENT_CA_FILE")
                .filter(v -> !v.isEmpty())
                .map(ctx::hostPath)
                .filter(Files::isRegularFile);
        if (mountedCa.isPresent()) {
          ca = Optional.of(user.privateCopy(mountedCa.get(), certs.resolve("ca.crt")));
        }
        notes.add(
            "client TLS certificate from "
                + ctx.envValue("CONNECTION_POOLER_CLIENT_TLS_CRT").orElseThrow());
      } else {
        if (!(Files.isRegularFile(cert) && Files.isRegularFile(key))) {
          SelfSignedCertificate.create(cert, key, "spilo.dummy.org", user);
        }
        notes.add("client TLS certificate: self-signed (CN=spilo.dummy.org)");
      }
      Path authFile = scratch.resolve("userlist.txt");
      Path mountedUserlist = ctx.hostPath(USERLIST_MOUNT);
      if (ctx.isMounted(USERLIST_MOUNT) && Files.isRegularFile(mountedUserlist)) {
        user.privateCopy(mountedUserlist, authFile);
        notes.add("auth file: " + USERLIST_MOUNT + " (mounted)");
      } else {
        user.privateFile(authFile, PgBouncerConfig.userlist(ctx.env()));
        notes.add("auth file: rendered from PGUSER/PGPASSWORD");
      }
      Optional<Path> socketDir =
          (run + "/.s.PGSQL." + ctx.envValue("CONNECTION_POOLER_PORT").orElse("5432"))
                      .getBytes(StandardCharsets.UTF_8)
                      .length
                  <= MAX_SOCKET_PATH
              ? Optional.of(run)
              : Optional.empty();
      String ini =
          PgBouncerConfig.render(
              ctx.env(),
              new PgBouncerConfig.Files(
                  authFile, run.resolve("pgbouncer.pid"), socketDir, cert, key, ca),
              version);
      if (!PgBouncerConfig.atLeast(version, 1, 21)) {
        notes.add(
            "PgBouncer "
                + version
                + " lacks auth_dbname/max_prepared_statements: "
                + "the user lookup runs in each client database; no prepared statement support");
      }
      notes.add("server TLS is 'prefer' (the image requires it; PostgreSQL 18 here has no SSL)");
      Path iniFile = user.privateFile(scratch.resolve("pgbouncer.ini"), ini);
      Map<String, String> env = new LinkedHashMap<>();
      env.put("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin");
      env.put("HOME", scratch.toString());
      env.put("LC_ALL", "C.UTF-8");
      return new LaunchPlan(List.of(pgbouncer.toString(), iniFile.toString()), env, scratch, notes);
    } catch (IOException e) {
      throw new ImageException("cannot prepare the pooler container: " + e.getMessage(), e);
    }
  }
}
