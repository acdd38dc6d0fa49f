package io.tusk.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What software the local node can run containers with, and where it lives: PostgreSQL builds per
 * major version, Patroni, PgBouncer.
 *
 * <p>Standard locations (all readable by an unprivileged pod user; nothing under {@code /root}):
 *
 * <ul>
 *   <li>PostgreSQL: {@code /usr/lib/postgresql/<major>/bin} (Debian packages, preferred when
 *       complete), then {@code /opt/tusk/pg/<major>/bin} (builds unpacked by {@link
 *       SoftwareInstaller});
 *   <li>Patroni: {@code /opt/tusk/patroni/bin/patroni} (a virtualenv of Debian's Python);
 *   <li>PgBouncer: {@code /opt/tusk/pgbouncer/bin/pgbouncer} (a source build, if someone made one),
 *       then {@code /usr/sbin/pgbouncer} (Debian package).
 * </ul>
 */
public final class Installations {

  public static final Path TUSK_ROOT = Path.of("/opt/tusk");
  public static final Path DEBIAN_POSTGRES_ROOT = Path.of("/usr/lib/postgresql");

  /** Executables a PostgreSQL bin directory must hold to count as a full build. */
  static final List<String> REQUIRED_POSTGRES_TOOLS =
      List.of("postgres", "initdb", "pg_ctl", "pg_config", "pg_basebackup", "pg_rewind");

  private static final Pattern VERSION = Pattern.compile("(\\d+)(?:\\.(\\d+))?");

  private final SortedMap<Integer, PostgresInstallation> postgres;
  private final Path patroni;
  private final String patroniVersion;
  private final Path pgbouncer;
  private final String pgbouncerVersion;
  private final Path barmanCloudBin;
  private final String barmanVersion;
  private final Path awsCli;
  private final String awsCliVersion;

  /**
   * @param patroni the patroni executable, or null
   * @param patroniVersion its version, or null
   * @param pgbouncer the pgbouncer executable, or null
   * @param pgbouncerVersion its version (e.g. "1.18.0"), or null
   */
  public Installations(
      List<PostgresInstallation> postgres,
      Path patroni,
      String patroniVersion,
      Path pgbouncer,
      String pgbouncerVersion) {
    this(postgres, patroni, patroniVersion, pgbouncer, pgbouncerVersion, null, null, null, null);
  }

  /**
   * @param barmanCloudBin the directory with barman-cloud's commands ({@code
   *     barman-cloud-wal-archive}, ...), or null
   * @param barmanVersion barman's version, or null
   * @param awsCli the {@code aws} command (what Zalando's logical backup image uploads with), or
   *     null
   * @param awsCliVersion its version, or null
   */
  public Installations(
      List<PostgresInstallation> postgres,
      Path patroni,
      String patroniVersion,
      Path pgbouncer,
      String pgbouncerVersion,
      Path barmanCloudBin,
      String barmanVersion,
      Path awsCli,
      String awsCliVersion) {
    this.barmanCloudBin = barmanCloudBin;
    this.barmanVersion = barmanVersion;
    this.awsCli = awsCli;
    this.awsCliVersion = awsCliVersion;
    TreeMap<Integer, PostgresInstallation> byMajor = new TreeMap<>();
    for (PostgresInstallation pg : postgres) {
      byMajor.putIfAbsent(pg.major(), pg);
    }
    this.postgres = Collections.unmodifiableSortedMap(byMajor);
    this.patroni = patroni;
    this.patroniVersion = patroniVersion;
    this.pgbouncer = pgbouncer;
    this.pgbouncerVersion = pgbouncerVersion;
  }

  /** Looks at the standard locations. Runs {@code pg_config} once per PostgreSQL build found. */
  public static Installations detect() {
    return detect(TUSK_ROOT, DEBIAN_POSTGRES_ROOT, Path.of("/usr/sbin/pgbouncer"));
  }

  static Installations detect(Path tuskRoot, Path debianRoot, Path systemPgbouncer) {
    List<PostgresInstallation> pgs = new ArrayList<>();
    for (Path root : List.of(debianRoot, tuskRoot.resolve("pg"))) {
      for (Path majorDir : children(root)) {
        String name = majorDir.getFileName().toString();
        if (!name.matches("\\d+")) {
          continue;
        }
        Path bin = majorDir.resolve("bin");
        if (REQUIRED_POSTGRES_TOOLS.stream().allMatch(t -> Files.isExecutable(bin.resolve(t)))) {
          probePostgres(bin, sourceOf(majorDir, root.equals(debianRoot), name))
              .filter(pg -> pg.major() == Integer.parseInt(name))
              .ifPresent(pgs::add);
        }
      }
    }
    Path patroni = tuskRoot.resolve("patroni/bin/patroni");
    Path builtBouncer = tuskRoot.resolve("pgbouncer/bin/pgbouncer");
    Path bouncer =
        Files.isExecutable(builtBouncer)
            ? builtBouncer
            : Files.isExecutable(systemPgbouncer) ? systemPgbouncer : null;
    Path barman = tuskRoot.resolve("barman");
    Path aws = tuskRoot.resolve("awscli/bin/aws");
    boolean barmanThere = Files.isExecutable(barman.resolve("bin/barman-cloud-wal-archive"));
    return new Installations(
        pgs,
        Files.isExecutable(patroni) ? patroni : null,
        Files.isExecutable(patroni) ? patroniVersion(tuskRoot.resolve("patroni")) : null,
        bouncer,
        bouncer == null ? null : pgbouncerVersion(bouncer),
        barmanThere ? barman.resolve("bin") : null,
        barmanThere ? distributionVersion(barman, "barman") : null,
        Files.isExecutable(aws) ? aws : null,
        Files.isExecutable(aws) ? distributionVersion(tuskRoot.resolve("awscli"), "awscli") : null);
  }

  /** The major versions that can run, ascending. */
  public List<Integer> availablePostgresMajors() {
    return List.copyOf(postgres.keySet());
  }

  public Optional<PostgresInstallation> postgres(int major) {
    return Optional.ofNullable(postgres.get(major));
  }

  public List<PostgresInstallation> postgresInstallations() {
    return List.copyOf(postgres.values());
  }

  public Optional<Path> patroniExecutable() {
    return Optional.ofNullable(patroni);
  }

  public Optional<String> patroniVersion() {
    return Optional.ofNullable(patroniVersion);
  }

  /**
   * The directory of barman-cloud's commands, the real tool behind the local Spilo image's {@code
   * wal-g}.
   */
  public Optional<Path> barmanCloudBin() {
    return Optional.ofNullable(barmanCloudBin);
  }

  public Optional<String> barmanVersion() {
    return Optional.ofNullable(barmanVersion);
  }

  /** The AWS CLI, with which the local logical backup image uploads, as Zalando's does. */
  public Optional<Path> awsCli() {
    return Optional.ofNullable(awsCli);
  }

  public Optional<String> awsCliVersion() {
    return Optional.ofNullable(awsCliVersion);
  }

  public Optional<Path> pgbouncerExecutable() {
    return Optional.ofNullable(pgbouncer);
  }

  public Optional<String> pgbouncerVersion() {
    return Optional.ofNullable(pgbouncerVersion);
  }

  /** "15, 17, 18" or "none". */
  public String describeMajors() {
    return postgres.isEmpty()
        ? "none"
        : String.join(", ", postgres.keySet().stream().map(String::valueOf).toList());
  }

  /** One line per piece of software, for status output. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    if (postgres.isEmpty()) {
      lines.add("PostgreSQL: none installed");
    }
    for (PostgresInstallation pg : postgres.values()) {
      lines.add(
          "PostgreSQL "
              + pg.version()
              + " ("
              + pg.source()
              + ", "
              + pg.binDir()
              + (pg.ssl() ? "" : ", without SSL")
              + ")");
    }
    lines.add(
        patroni == null
            ? "Patroni: not installed"
            : "Patroni " + Optional.ofNullable(patroniVersion).orElse("?") + " (" + patroni + ")");
    lines.add(
        barmanCloudBin == null
            ? "barman-cloud: not installed"
            : "barman-cloud "
                + Optional.ofNullable(barmanVersion).orElse("?")
                + " ("
                + barmanCloudBin
                + ", behind the pods' wal-g)");
    lines.add(
        awsCli == null
            ? "AWS CLI: not installed"
            : "AWS CLI "
                + Optional.ofNullable(awsCliVersion).orElse("?")
                + " ("
                + awsCli
                + ", for logical backups)");
    lines.add(
        pgbouncer == null
            ? "PgBouncer: not installed"
            : "PgBouncer "
                + Optional.ofNullable(pgbouncerVersion).orElse("?")
                + " ("
                + pgbouncer
                + ")");
    return lines;
  }

  /** Reads version, SSL support, modules and extensions of a build through its pg_config. */
  static Optional<PostgresInstallation> probePostgres(Path bin, String source) {
    Path pgConfig = bin.resolve("pg_config");
    ExternalCommand.Result r =
        ExternalCommand.run(
            List.of(pgConfig.toString(), "--version", "--pkglibdir", "--sharedir", "--configure"),
            Duration.ofSeconds(20));
    if (!r.ok()) {
      return Optional.empty();
    }
    String[] lines = r.output().strip().split("\n");
    if (lines.length < 3) {
      return Optional.empty();
    }
    Matcher m = VERSION.matcher(lines[0].replace("PostgreSQL", "").strip());
    if (!m.find()) {
      return Optional.empty();
    }
    int major = Integer.parseInt(m.group(1));
    String version = m.group(0);
    Path pkglib = Path.of(lines[1].strip());
    Path share = Path.of(lines[2].strip());
    String configure =
        lines.length > 3 ? String.join(" ", List.of(lines).subList(3, lines.length)) : "";
    boolean ssl = configure.contains("--with-openssl") || configure.contains("--with-ssl=openssl");
    return Optional.of(
        new PostgresInstallation(
            major,
            version,
            bin,
            ssl,
            namesWithSuffix(pkglib, ".so"),
            namesWithSuffix(share.resolve("extension"), ".control"),
            source));
  }

  private static String sourceOf(Path majorDir, boolean debian, String major) {
    if (debian) {
      return "Debian package postgresql-" + major;
    }
    Path marker = majorDir.resolve("SOURCE");
    try {
      return Files.isRegularFile(marker) ? Files.readString(marker).strip() : "unpacked build";
    } catch (IOException e) {
      return "unpacked build";
    }
  }

  private static Set<String> namesWithSuffix(Path dir, String suffix) {
    Set<String> names = new TreeSet<>();
    for (Path p : children(dir)) {
      String n = p.getFileName().toString();
      if (n.endsWith(suffix)) {
        names.add(n.substring(0, n.length() - suffix.length()));
      }
    }
    return names;
  }

  static String patroniVersion(Path venv) {
    return distributionVersion(venv, "patroni");
  }

  /** Whether a Python distribution is installed in a virtualenv. */
  static boolean hasDistribution(Path venv, String distribution) {
    return distributionVersion(venv, distribution) != null;
  }

  static String distributionVersion(Path venv, String distribution) {
    // The metadata directory name carries the version (name-1.2.3.dist-info, or
    // name-1.2.3[-py3.11].egg-info for packages built from an sdist); cheaper than starting Python.
    String prefix = distribution.toLowerCase(java.util.Locale.ROOT) + "-";
    for (Path lib : children(venv.resolve("lib"))) {
      for (Path p : children(lib.resolve("site-packages"))) {
        String n = p.getFileName().toString();
        String lower = n.toLowerCase(java.util.Locale.ROOT);
        for (String suffix : List.of(".dist-info", ".egg-info")) {
          if (lower.startsWith(prefix) && lower.endsWith(suffix)) {
            return n.substring(prefix.length(), n.length() - suffix.length())
                .replaceFirst("-py\\d.*$", "");
          }
        }
      }
    }
    return null;
  }

  static String pgbouncerVersion(Path executable) {
    ExternalCommand.Result r =
        ExternalCommand.run(List.of(executable.toString(), "--version"), Duration.ofSeconds(10));
    Matcher m = Pattern.compile("PgBouncer\\s+(\\d+\\.\\d+(?:\\.\\d+)?)").matcher(r.output());
    return r.ok() && m.find() ? m.group(1) : null;
  }

  private static List<Path> children(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
