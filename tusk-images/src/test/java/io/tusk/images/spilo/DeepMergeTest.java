package io.tusk.images.spilo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeepMergeTest {

  @Test
  void mapsMergeListsReplaceUserScalarsWinUnlessNull() {
    Map<String, Object> template =
        Map.of(
            "a", Map.of("x", 1, "y", 2, "list", List.of(1, 2)),
            "b", "template",
            "c", "kept");
    Map<String, Object> user = new HashMap<>();
    user.put("a", Map.of("y", 20, "list", List.of(9), "z", 30));
    user.put("b", "user");
    user.put("c", null);
    user.put("d", null);
    Map<String, Object> merged = DeepMerge.merge(user, template);
    assertThat(merged.get("a")).isEqualTo(Map.of("x", 1, "y", 20, "list", List.of(9), "z", 30));
    assertThat(merged).containsEntry("b", "user").containsEntry("c", "kept").containsKey("d");
    assertThat(template.get("a")).isEqualTo(Map.of("x", 1, "y", 2, "list", List.of(1, 2)));
  }
}
