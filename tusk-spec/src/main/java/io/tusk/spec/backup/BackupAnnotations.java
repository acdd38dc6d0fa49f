package io.tusk.spec.backup;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.spilo.EnvVars;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A cluster's base backup schedule and retention, set on its manifest rather than in the pods'
 * environment (beyond Zalando; the manifest stays a valid Zalando manifest): {@value #SCHEDULE} (a
 * cron line, UTC) becomes Spilo's {@code BACKUP_SCHEDULE} and {@value #RETAIN} its {@code
 * BACKUP_NUM_TO_RETAIN}. A variable the manifest's {@code env} sets itself wins.
 */
public final class BackupAnnotations {

  public static final String SCHEDULE = "tusk.io/backup-schedule";
  public static final String RETAIN = "tusk.io/backup-retain";

  private BackupAnnotations() {}

  /** The variables the annotations ask for, in a stable order. */
  public static List<EnvVar> env(ClusterModel model) {
    Map<String, String> annotations = model.annotations();
    List<EnvVar> env = new ArrayList<>();
    String schedule = annotations.get(SCHEDULE);
    if (schedule != null && !schedule.isBlank()) {
      env.add(EnvVars.value("BACKUP_SCHEDULE", schedule.strip()));
    }
    String retain = annotations.get(RETAIN);
    if (retain != null && !retain.isBlank()) {
      env.add(EnvVars.value("BACKUP_NUM_TO_RETAIN", retain.strip()));
    }
    return env;
  }
}
