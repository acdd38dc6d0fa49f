package io.tusk.ui.form;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EditFormTest {

  private static Map<String, Object> spec() {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("teamId", "acid");
    spec.put("numberOfInstances", 2);
    spec.put("postgresql", Map.of("version", "17", "parameters", Map.of("work_mem", "8MB")));
    spec.put("volume", Map.of("size", "1Gi", "storageClass", "fast"));
    spec.put("users", Map.of("app_owner", List.of("createdb")));
    spec.put("databases", Map.of("app", "app_owner"));
    spec.put("enableConnectionPooler", true);
    spec.put("patroni", Map.of("ttl", 30));
    spec.put("resources", Map.of("requests", Map.of("cpu", "100m", "memory", "100Mi")));
    return spec;
  }

  @Test
  void theFormShowsTheSpecAndAppliesUnchangedToTheSameSpec() {
    Map<String, Object> spec = spec();
    EditForm form = EditForm.of(spec);

    assertThat(form.instances()).isEqualTo(2);
    assertThat(form.version()).isEqualTo("17");
    assertThat(form.users()).isEqualTo("app_owner: createdb\n");
    assertThat(form.databases()).isEqualTo("app: app_owner\n");
    assertThat(form.masterPooler()).isTrue();
    assertThat(form.problems()).isEmpty();
    assertThat(form.applyTo(spec)).isEqualTo(spec);
  }

  @Test
  @SuppressWarnings("unchecked")
  void changesTouchOnlyTheFormsFieldsAndKeepTheRest() {
    Map<String, Object> spec = spec();
    Map<String, String> posted = new HashMap<>();
    posted.put("instances", "3");
    posted.put("version", "18");
    posted.put("volumeSize", "2Gi");
    posted.put("users", "");
    posted.put("databases", "app: app_owner\nreports: app_owner");
    posted.put("cpuRequest", "200m");
    posted.put("memoryRequest", "");
    posted.put("cpuLimit", "");
    posted.put("memoryLimit", "");

    Map<String, Object> changed = EditForm.parse(posted).applyTo(spec);

    assertThat(changed)
        .containsEntry("numberOfInstances", 3)
        .containsEntry("patroni", Map.of("ttl", 30))
        .containsEntry("teamId", "acid")
        .containsEntry("databases", Map.of("app", "app_owner", "reports", "app_owner"))
        .containsEntry("enableConnectionPooler", false)
        .containsEntry("resources", Map.of("requests", Map.of("cpu", "200m")))
        .doesNotContainKey("users")
        .doesNotContainKey("enableReplicaConnectionPooler");
    assertThat((Map<String, Object>) changed.get("postgresql"))
        .containsEntry("version", "18")
        .containsEntry("parameters", Map.of("work_mem", "8MB"));
    assertThat((Map<String, Object>) changed.get("volume"))
        .containsEntry("size", "2Gi")
        .containsEntry("storageClass", "fast");
    assertThat(spec).isEqualTo(spec()).as("the spec given is not changed");
  }

  @Test
  void anEmptyOrBrokenInstanceCountIsAProblemNotAScaleToZero() {
    Map<String, String> posted = new HashMap<>();
    posted.put("version", "17");
    posted.put("volumeSize", "1Gi");
    for (String instances : new String[] {"", "1.5", "two"}) {
      posted.put("instances", instances);
      assertThat(EditForm.parse(posted).problems())
          .containsExactly("instances: a whole number, 0 or more (0 stops the cluster)");
    }
    posted.put("instances", "0");
    assertThat(EditForm.parse(posted).problems())
        .as("0 stops the cluster, as in Zalando")
        .isEmpty();
  }

  @Test
  void missingVersionAndVolumeAreProblems() {
    Map<String, String> posted = new HashMap<>();
    posted.put("instances", "1");
    assertThat(EditForm.parse(posted).problems())
        .containsExactly("version: is required", "volumeSize: is required");
  }
}
