package io.tusk.sql.plan;

import java.util.ArrayList;
import java.util.List;

/** Changes in the order they must run, and warnings about things left alone. */
public record Plan(List<Change> changes, List<String> warnings) {

  public Plan {
    changes = List.copyOf(changes);
    warnings = List.copyOf(warnings);
  }

  public static Plan empty() {
    return new Plan(List.of(), List.of());
  }

  /** This plan followed by another. */
  public Plan then(Plan other) {
    List<Change> c = new ArrayList<>(changes);
    c.addAll(other.changes);
    List<String> w = new ArrayList<>(warnings);
    w.addAll(other.warnings);
    return new Plan(c, w);
  }
}
