package io.tusk.operator.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManagedNamesTest {

  @Test
  void roundTripThroughTheAnnotations() {
    ManagedNames names =
        ManagedNames.of(
            List.of("foo_user", "bar.owner", "Ünïcode \"quoted\""), List.of("foo", "prep"));
    Map<String, String> annotations = names.toAnnotations();
    assertThat(annotations)
        .containsOnlyKeys(ManagedNames.ROLES_ANNOTATION, ManagedNames.DATABASES_ANNOTATION);
    assertThat(annotations.get(ManagedNames.DATABASES_ANNOTATION)).isEqualTo("[\"foo\",\"prep\"]");
    assertThat(ManagedNames.read(annotations)).isEqualTo(names);
  }

  @Test
  void namesAreSortedSoTheAnnotationOnlyChangesWithTheSet() {
    ManagedNames a = ManagedNames.of(List.of("b", "a"), List.of());
    ManagedNames b = ManagedNames.of(List.of("a", "b", "a"), List.of());
    assertThat(a).isEqualTo(b);
    assertThat(a.toAnnotations()).isEqualTo(b.toAnnotations());
    assertThat(a.toAnnotations().get(ManagedNames.ROLES_ANNOTATION)).isEqualTo("[\"a\",\"b\"]");
  }

  @Test
  void missingAnnotationsMeanNothingManaged() {
    assertThat(ManagedNames.read(null)).isEqualTo(ManagedNames.none());
    assertThat(ManagedNames.read(Map.of("other", "x"))).isEqualTo(ManagedNames.none());
  }

  @Test
  void malformedAnnotationsAreRejectedNamingTheKey() {
    assertThatThrownBy(() -> ManagedNames.read(Map.of(ManagedNames.ROLES_ANNOTATION, "foo,bar")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(ManagedNames.ROLES_ANNOTATION);
    assertThatThrownBy(() -> ManagedNames.read(Map.of(ManagedNames.DATABASES_ANNOTATION, "[null]")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unionKeepsEverything() {
    ManagedNames u =
        ManagedNames.of(List.of("a"), List.of("x"))
            .union(ManagedNames.of(List.of("b"), List.of("x", "y")));
    assertThat(u.roles()).containsExactly("a", "b");
    assertThat(u.databases()).containsExactly("x", "y");
  }

  @Test
  void bookkeepingAnnotationsAreLeftOutOfComparisons() {
    Map<String, String> annotations =
        Map.of(
            "keep",
            "1",
            ManagedNames.ROLES_ANNOTATION,
            "[]",
            ManagedNames.DATABASES_ANNOTATION,
            "[]");
    assertThat(ManagedNames.withoutBookkeeping(annotations))
        .containsExactly(Map.entry("keep", "1"));
    assertThat(ManagedNames.withoutBookkeeping(null)).isEmpty();
    assertThat(ManagedNames.isBookkeeping("keep")).isFalse();
  }
}
