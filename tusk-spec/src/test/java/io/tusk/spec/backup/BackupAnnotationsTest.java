package io.tusk.spec.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.spec.Fixtures;
import io.tusk.spec.spilo.SpiloEnv;
import io.tusk.spec.validate.ManifestValidator;
import io.tusk.spec.validate.Violation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-cluster backup schedule and retention on the manifest. */
class BackupAnnotationsTest {

  private static Postgresql annotated(Map<String, String> annotations) {
    Postgresql pg = Fixtures.cluster();
    pg.getMetadata().setAnnotations(annotations);
    return pg;
  }

  private static String env(List<EnvVar> env, String name) {
    return env.stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst()
        .orElse(null);
  }

  @Test
  void theAnnotationsBecomeSpilosVariablesUnlessTheManifestsEnvSetsThem() {
    Postgresql pg =
        annotated(
            Map.of(BackupAnnotations.SCHEDULE, "*/30 * * * *", BackupAnnotations.RETAIN, "7"));
    List<EnvVar> env = SpiloEnv.build(Fixtures.model(pg), "{}");
    assertThat(env(env, "BACKUP_SCHEDULE")).isEqualTo("*/30 * * * *");
    assertThat(env(env, "BACKUP_NUM_TO_RETAIN")).isEqualTo("7");

    pg.getSpec()
        .setEnv(
            List.of(
                new EnvVarBuilder().withName("BACKUP_SCHEDULE").withValue("0 3 * * *").build()));
    env = SpiloEnv.build(Fixtures.model(pg), "{}");
    assertThat(env(env, "BACKUP_SCHEDULE")).isEqualTo("0 3 * * *");
    assertThat(env.stream().filter(e -> e.getName().equals("BACKUP_SCHEDULE"))).hasSize(1);

    assertThat(env(SpiloEnv.build(Fixtures.model(Fixtures.cluster()), "{}"), "BACKUP_SCHEDULE"))
        .isNull();
  }

  @Test
  void badValuesMakeTheManifestInvalidNamingTheAnnotation() {
    List<Violation> v =
        ManifestValidator.validate(
            annotated(Map.of(BackupAnnotations.SCHEDULE, "nightly", BackupAnnotations.RETAIN, "0")),
            Fixtures.config());
    assertThat(v)
        .extracting(Violation::field)
        .containsExactlyInAnyOrder(
            "metadata.annotations[tusk.io/backup-schedule]",
            "metadata.annotations[tusk.io/backup-retain]");
    assertThat(
            ManifestValidator.validate(
                annotated(
                    Map.of(BackupAnnotations.SCHEDULE, "0 1 * * *", BackupAnnotations.RETAIN, "5")),
                Fixtures.config()))
        .isEmpty();
  }
}
