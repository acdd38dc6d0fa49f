package io.tusk.images.spilo.backup;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Spilo's {@code /scripts/clone_with_wale.py}, Patroni's custom bootstrap for a clone from a WAL
 * archive: picks the newest base backup that finished before {@code --recovery-target-time} (the
 * newest one without a time), trying the source's prefix with each PostgreSQL major from this
 * container's down to the oldest one here and then without a major (the operator's clone prefix
 * names none), fetches it into {@code --datadir} with {@code wal-g backup-fetch}, and writes the
 * prefix it found into the clone's envdir, where the {@code restore_command} of the recovery reads
 * it. Patroni then recovers to the target and promotes.
 *
 * <p>Arguments: {@code --recovery-target-time=T} (may be empty), and what Patroni appends: {@code
 * --scope=S --datadir=D}. Environment: the clone envdir's variables, {@link WalG#BARMAN_BIN}, and
 * {@value #ENVDIR} (the envdir's path) and {@value #MAJORS} (the majors here, newest first,
 * comma-separated; the first is this container's).
 */
public final class CloneWithWale {

  static final String ENVDIR = "TUSK_CLONE_ENVDIR";
  static final String MAJORS = "TUSK_PG_MAJORS";

  private static final DateTimeFormatter POSTGRES_TIME =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd[['T'][' ']HH:mm[:ss]]")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH:MM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH", "Z")
          .optionalEnd()
          .toFormatter();

  private CloneWithWale() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.getenv(), System.out));
  }

  static int run(List<String> args, Map<String, String> env, PrintStream out) {
    String target = option(args, "--recovery-target-time").orElse("");
    Optional<String> datadir = option(args, "--datadir");
    if (datadir.isEmpty()) {
      out.println("clone_with_wale: --datadir is missing");
      return 2;
    }
    Optional<Instant> targetTime;
    try {
      targetTime = target.isBlank() ? Optional.empty() : Optional.of(parseTime(target));
    } catch (DateTimeParseException e) {
      out.println("clone_with_wale: recovery target time '" + target + "' is not a timestamp");
      return 2;
    }
    String base =
        env.getOrDefault("WALG_S3_PREFIX", env.getOrDefault("WALE_S3_PREFIX", ""))
            .replaceAll("/+$", "");
    List<String> majors =
        List.of(env.getOrDefault(MAJORS, "").split(",")).stream()
            .map(String::strip)
            .filter(m -> !m.isEmpty())
            .toList();
    List<String> candidates = new ArrayList<>();
    if (base.matches(".*/wal$")) {
      majors.forEach(m -> candidates.add(base + "/" + m));
    }
    candidates.add(base);
    for (String prefix : candidates) {
      Map<String, String> e = new HashMap<>(env);
      e.put("WALG_S3_PREFIX", prefix);
      e.put("WALE_S3_PREFIX", prefix);
      WalG walg = new WalG(e, out, System.err);
      List<WalG.Backup> backups;
      try {
        backups = walg.list(WalG.Target.of(e));
      } catch (WalG.UsageException | IOException ex) {
        out.println("clone_with_wale: no backups under " + prefix + " (" + ex.getMessage() + ")");
        continue;
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return 1;
      }
      Optional<WalG.Backup> chosen = choose(backups, targetTime);
      if (chosen.isEmpty()) {
        out.println(
            "clone_with_wale: "
                + backups.size()
                + " backups under "
                + prefix
                + ", none finished before "
                + targetTime.map(Instant::toString).orElse("now"));
        continue;
      }
      WalG.Backup b = chosen.get();
      if (!majors.isEmpty() && b.pgVersion() != Integer.parseInt(majors.get(0))) {
        out.println(
            "clone_with_wale: backup "
                + b.name()
                + " is of PostgreSQL "
                + b.pgVersion()
                + ", this container runs "
                + majors.get(0)
                + "; a clone across majors (Spilo's maybe_pg_upgrade) is not supported here:"
                + " clone with postgresql.version "
                + b.pgVersion());
        return 1;
      }
      out.println("clone_with_wale: restoring backup " + b.name() + " from " + prefix);
      try {
        fixEnvdir(env.get(ENVDIR), prefix);
      } catch (IOException ex) {
        out.println("clone_with_wale: cannot write the envdir: " + ex.getMessage());
        return 1;
      }
      int code = walg.run(List.of("backup-fetch", datadir.get(), b.name()));
      out.println("clone_with_wale: backup-fetch exited with " + code);
      return code;
    }
    out.println("clone_with_wale: no backup to clone from under " + base);
    return 1;
  }

  /** The newest backup that finished before the target (the newest one without a target). */
  static Optional<WalG.Backup> choose(List<WalG.Backup> backups, Optional<Instant> target) {
    WalG.Backup match = null;
    for (WalG.Backup b : backups) {
      if (target.isPresent() && !b.finish().isBefore(target.get())) {
        continue;
      }
      if (match == null || b.finish().isAfter(match.finish())) {
        match = b;
      }
    }
    return Optional.ofNullable(match);
  }

  /**
   * PostgreSQL's timestamp forms that Zalando's {@code clone.timestamp} uses; UTC without offset.
   */
  static Instant parseTime(String s) {
    var parsed =
        POSTGRES_TIME.parseBest(
            s.strip(),
            OffsetDateTime::from,
            java.time.LocalDateTime::from,
            java.time.LocalDate::from);
    if (parsed instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (parsed instanceof java.time.LocalDateTime l) {
      return l.toInstant(ZoneOffset.UTC);
    }
    return ((java.time.LocalDate) parsed).atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  private static void fixEnvdir(String envdir, String prefix) throws IOException {
    if (envdir == null || envdir.isEmpty()) {
      return;
    }
    for (String name : List.of("WALG_S3_PREFIX", "WALE_S3_PREFIX")) {
      Path f = Path.of(envdir, name);
      Path tmp = Path.of(envdir, "." + name + ".tmp");
      Files.writeString(tmp, prefix + "\n");
      Files.move(
          tmp,
          f,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
  }

  static Optional<String> option(List<String> args, String name) {
    for (String a : args) {
      if (a.startsWith(name + "=")) {
        return Optional.of(a.substring(name.length() + 1));
      }
    }
    return Optional.empty();
  }
}
