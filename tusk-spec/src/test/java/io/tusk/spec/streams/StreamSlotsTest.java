package io.tusk.spec.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.Stream;
import io.tusk.api.acid.v1.StreamTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamSlotsTest {

  static Stream stream(String app, String db, String... tables) {
    Stream s = new Stream();
    s.setApplicationId(app);
    s.setDatabase(db);
    Map<String, StreamTable> t = new java.util.LinkedHashMap<>();
    for (String name : tables) {
      StreamTable st = new StreamTable();
      st.setEventType(app + "-" + name);
      t.put(name, st);
    }
    s.setTables(t);
    return s;
  }

  static PostgresSpec spec(Stream... streams) {
    PostgresSpec spec = new PostgresSpec();
    spec.setStreams(List.of(streams));
    return spec;
  }

  @Test
  void slotNameIsZalandos() {
    assertThat(StreamSlots.slotName("foo", "test-app")).isEqualTo("fes_foo_test_app");
    assertThat(StreamSlots.slotName("foo", "a-b-c")).isEqualTo("fes_foo_a_b_c");
  }

  @Test
  void oneSlotPerDatabaseAndApplicationWithTheTablesOfEveryStream() {
    List<StreamSlot> slots =
        StreamSlots.of(
            spec(
                stream("test-app", "foo", "a", "data.b"),
                stream("test-app2", "foo", "c"),
                stream("test-app", "foo", "a", "d"),
                stream("test-app", "bar", "e")));

    assertThat(slots)
        .extracting(StreamSlot::database, StreamSlot::name, s -> List.copyOf(s.tables().keySet()))
        .containsExactly(
            tuple("bar", "fes_bar_test_app", List.of("e")),
            tuple("foo", "fes_foo_test_app", List.of("a", "d", "data.b")),
            tuple("foo", "fes_foo_test_app2", List.of("c")));
    // The first stream naming a table wins.
    assertThat(slots.get(1).tables().get("a").getEventType()).isEqualTo("test-app-a");
    assertThat(slots.get(1).patroniDefinition())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("database", "foo", "plugin", "pgoutput", "type", "logical"));
    assertThat(
            StreamSlots.ofApplication(spec(stream("x", "foo", "a"), stream("y", "bar", "b")), "y"))
        .extracting(StreamSlot::name)
        .containsExactly("fes_bar_y");
  }

  @Test
  void noStreamsNoSlots() {
    assertThat(StreamSlots.of(new PostgresSpec())).isEmpty();
    assertThat(StreamSlots.declared(new PostgresSpec())).isFalse();
    assertThat(StreamSlots.declared(spec())).isFalse();
  }

  @Test
  void tableNamesWithoutSchemaArePublic() {
    assertThat(StreamSlots.schemaAndTable("t")).containsExactly("public", "t");
    assertThat(StreamSlots.schemaAndTable("data.t")).containsExactly("data", "t");
  }
}
