package io.tusk.images.spilo.upgrade;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What the upgrade needs to know of its container, written by the image when the container starts
 * (a private file: it holds the superuser's password) and read by the upgrade program.
 *
 * @param pod the pod's name (Patroni's member name)
 * @param namespace the pod's namespace
 * @param scope Patroni's scope (the cluster's name)
 * @param dataDir the data directory ({@code $PGDATA}) on this machine
 * @param socketDir PostgreSQL's unix socket directory
 * @param port PostgreSQL's port
 * @param patroniUrl Patroni's REST API root
 * @param patroniPidFile where the container's Patroni writes its process id
 * @param superuser the superuser's name
 * @param superuserPassword the superuser's password
 * @param ssl whether the servers of this image accept SSL (they then require it from other pods)
 * @param targetMajor the major version the container is configured for ({@code
 *     SPILO_CONFIGURATION}'s {@code bin_dir}, else {@code PGVERSION}), 0 when neither names one
 * @param binDirs the PostgreSQL bin directory per installed major
 * @param extensions the extensions each installed major offers
 * @param apiServer the Kubernetes API server as the pod reaches it, or empty
 * @param tokenFile the pod's service account token, or null
 * @param caFile the cluster CA, or null
 * @param runDir where the upgrade keeps its log, result and lock
 */
public record UpgradeSettings(
    String pod,
    String namespace,
    String scope,
    Path dataDir,
    Path socketDir,
    int port,
    String patroniUrl,
    Path patroniPidFile,
    String superuser,
    String superuserPassword,
    boolean ssl,
    int targetMajor,
    Map<Integer, Path> binDirs,
    Map<Integer, Set<String>> extensions,
    String apiServer,
    Path tokenFile,
    Path caFile,
    Path runDir) {

  public UpgradeSettings {
    binDirs = Map.copyOf(binDirs);
    extensions = Map.copyOf(extensions);
  }

  /** Without the password. */
  @Override
  public String toString() {
    return "UpgradeSettings[pod="
        + pod
        + ", namespace="
        + namespace
        + ", dataDir="
        + dataDir
        + ", targetMajor="
        + targetMajor
        + "]";
  }

  public Optional<Path> binDir(int major) {
    return Optional.ofNullable(binDirs.get(major));
  }

  public Set<String> extensions(int major) {
    return extensions.getOrDefault(major, Set.of());
  }

  /** The settings as properties text. */
  public String render() {
    Properties p = new Properties();
    p.setProperty("pod", pod);
    p.setProperty("namespace", namespace);
    p.setProperty("scope", scope);
    p.setProperty("data_dir", dataDir.toString());
    p.setProperty("socket_dir", socketDir.toString());
    p.setProperty("port", String.valueOf(port));
    p.setProperty("patroni_url", patroniUrl);
    p.setProperty("patroni_pid_file", patroniPidFile.toString());
    p.setProperty("superuser", superuser);
    p.setProperty("superuser_password", superuserPassword);
    p.setProperty("ssl", String.valueOf(ssl));
    p.setProperty("target_major", String.valueOf(targetMajor));
    binDirs.forEach((major, dir) -> p.setProperty("bin." + major, dir.toString()));
    extensions.forEach(
        (major, names) -> p.setProperty("extensions." + major, String.join(",", names)));
    p.setProperty("api_server", apiServer == null ? "" : apiServer);
    p.setProperty("token_file", tokenFile == null ? "" : tokenFile.toString());
    p.setProperty("ca_file", caFile == null ? "" : caFile.toString());
    p.setProperty("run_dir", runDir.toString());
    StringWriter out = new StringWriter();
    try {
      p.store(out, "in-place major upgrade settings of this container");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Reads what {@link #render()} wrote. */
  public static UpgradeSettings read(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    Map<Integer, Path> bins = new TreeMap<>();
    Map<Integer, Set<String>> exts = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      if (key.startsWith("bin.")) {
        bins.put(Integer.parseInt(key.substring(4)), Path.of(p.getProperty(key)));
      } else if (key.startsWith("extensions.")) {
        exts.put(
            Integer.parseInt(key.substring("extensions.".length())),
            Arrays.stream(p.getProperty(key).split(","))
                .filter(s -> !s.isBlank())
                .collect(Collectors.toCollection(TreeSet::new)));
      }
    }
    return new UpgradeSettings(
        p.getProperty("pod"),
        p.getProperty("namespace"),
        p.getProperty("scope"),
        Path.of(p.getProperty("data_dir")),
        Path.of(p.getProperty("socket_dir")),
        Integer.parseInt(p.getProperty("port", "5432")),
        p.getProperty("patroni_url"),
        Path.of(p.getProperty("patroni_pid_file")),
        p.getProperty("superuser"),
        p.getProperty("superuser_password"),
        Boolean.parseBoolean(p.getProperty("ssl")),
        Integer.parseInt(p.getProperty("target_major", "0")),
        bins,
        exts,
        p.getProperty("api_server", ""),
        optionalPath(p.getProperty("token_file")),
        optionalPath(p.getProperty("ca_file")),
        Path.of(p.getProperty("run_dir")));
  }

  private static Path optionalPath(String s) {
    return s == null || s.isBlank() ? null : Path.of(s);
  }
}
