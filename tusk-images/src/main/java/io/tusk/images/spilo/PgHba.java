package io.tusk.images.spilo;

import java.util.ArrayList;
import java.util.List;

/**
 * Spilo's default {@code pg_hba} and its adaptation to the local builds.
 *
 * <p>Mirrors the {@code pg_hba} list of {@code configure_spilo.py#TEMPLATE}; the PAM lines for
 * {@code +HUMAN_ROLE} (rendered when {@code PAM_OAUTH2} is set) are never rendered, because the
 * {@code pam_oauth2} module does not exist here and not every build has PAM support.
 */
final class PgHba {

  private PgHba() {}

  /** Spilo's default list without the PAM lines. */
  static List<String> defaults(SpiloStartupEnv env) {
    String standby = env.replicationUser();
    boolean allowNoSsl = env.isSet("ALLOW_NOSSL");
    List<String> hba = new ArrayList<>();
    hba.add("local   all             all                                   trust");
    hba.add("host    all             all                127.0.0.1/32       md5");
    hba.add("host    all             all                ::1/128            md5");
    hba.add("local   replication     " + standby + "                    trust");
    hba.add("hostssl replication     " + standby + " all                md5");
    if (allowNoSsl) {
      hba.add("host    all             all                all                md5");
    } else {
      hba.add("hostnossl all           all                all                reject");
      hba.add("hostssl all             all                all                md5");
    }
    return hba;
  }

  /**
   * Adapts a list to the build: without SSL, {@code hostssl} lines become {@code host} and {@code
   * hostnossl ... reject} lines go (what {@code ALLOW_NOSSL} does); {@code pam} lines go.
   */
  static List<String> adapt(List<?> lines, boolean ssl, List<String> notes) {
    List<String> out = new ArrayList<>();
    boolean droppedPam = false;
    boolean rewroteSsl = false;
    for (Object o : lines) {
      String line = String.valueOf(o);
      String[] fields = line.strip().split("\\s+");
      if (fields.length == 0 || fields[0].isEmpty() || fields[0].startsWith("#")) {
        out.add(line);
        continue;
      }
      if (List.of(fields).contains("pam")) {
        droppedPam = true;
        continue;
      }
      if (!ssl && fields[0].equals("hostnossl")) {
        rewroteSsl = true;
        continue;
      }
      if (!ssl && fields[0].equals("hostssl")) {
        rewroteSsl = true;
        line = line.replaceFirst("hostssl", "host   ");
      }
      out.add(line);
    }
    if (droppedPam) {
      notes.add("pg_hba: PAM lines dropped (no pam_oauth2 here)");
    }
    if (rewroteSsl) {
      notes.add(
          "pg_hba: hostssl lines accept plain connections and hostnossl lines are dropped "
              + "(this PostgreSQL build has no SSL)");
    }
    return out;
  }
}
