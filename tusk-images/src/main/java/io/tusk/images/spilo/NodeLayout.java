package io.tusk.images.spilo;

import io.tusk.images.PostgresInstallation;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where one Spilo container's pieces live on the host and who it is, as decided by {@link
 * SpiloImage}; the input of {@link PatroniConfig} besides the environment.
 *
 * @param podName Patroni member name (must equal the pod name)
 * @param namespace the pod's namespace
 * @param podIp the pod's IP
 * @param dataDir host path of {@code $PGDATA}
 * @param socketDir host directory for PostgreSQL's unix socket
 * @param pgpass host path of the pgpass file Patroni writes
 * @param postgres the PostgreSQL build to run
 * @param ssl certificate files when the build supports SSL
 * @param postInitCommand the bootstrap hook without arguments (Patroni appends the DSN)
 * @param kubeContext kubeconfig context for Patroni's Kubernetes DCS, or null
 * @param locales the machine's locales, normalized ({@link Locales#normalize})
 * @param walArchive the archive and restore commands when WAL storage is configured
 * @param cloneBootstrap Patroni's custom bootstrap when the container clones another cluster
 * @param standbyArchive the WAL archive a standby cluster follows
 */
public record NodeLayout(
    String podName,
    String namespace,
    String podIp,
    Path dataDir,
    Path socketDir,
    Path pgpass,
    PostgresInstallation postgres,
    Optional<SslFiles> ssl,
    String postInitCommand,
    String kubeContext,
    Set<String> locales,
    Optional<WalArchive> walArchive,
    Optional<CloneBootstrap> cloneBootstrap,
    Optional<StandbyArchive> standbyArchive) {

  /**
   * The archive of a standby cluster: its {@code restore_command}, and the command of the replica
   * method that makes the standby leader from the archive's newest base backup.
   */
  public record StandbyArchive(String prefix, String restoreCommand, String bootstrapCommand) {}

  /**
   * A custom bootstrap method of Patroni: {@code bootstrap.method} and its section ({@code
   * command}, and {@code recovery_conf} for a point-in-time recovery).
   */
  public record CloneBootstrap(String method, Map<String, Object> section) {}

  /** Spilo's {@code archive_command} and {@code restore_command} for the container. */
  public record WalArchive(String archiveCommand, String restoreCommand) {}

  /** Host paths of the server certificate files. */
  public record SslFiles(Path cert, Path key, Optional<Path> ca, Optional<Path> crl) {}
}
