package io.tusk.operator.database;

import io.tusk.operator.status.EventReason;
import io.tusk.sql.Effect;
import io.tusk.sql.Subject;
import io.tusk.sql.SyncError;
import io.tusk.sql.SyncResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns what a database sync did into Events and a status message. Pure. Zalando only logs role and
 * database changes; Tusk records them on the {@code postgresql} resource so that {@code kubectl
 * describe} shows them:
 *
 * <ul>
 *   <li>one Normal Event (reason of the phase: Create, Update, Sync) summarising the roles and
 *       databases created or changed, and the objects created inside databases;
 *   <li>one Normal Event per dropped role ({@link EventReason#RoleDropped}, with where its objects
 *       went) and per dropped database ({@link EventReason#DatabaseDropped}), since those cannot be
 *       undone;
 *   <li>for a failed sync, a status message (also sent as a Warning Event) naming each role or
 *       database whose change failed, and the server's reason ({@link #failureMessage}).
 * </ul>
 *
 * <p>Messages are capped at {@value #MAX_MESSAGE} characters; passwords never appear (tusk-sql
 * redacts them from every statement and reason).
 */
public final class SyncReport {

  /** Kubernetes tools show about this much of an Event message; longer ones are cut. */
  static final int MAX_MESSAGE = 1024;

  /** A Normal Event to record. */
  public record Note(EventReason reason, String message) {}

  private SyncReport() {}

  /** The Normal Events of a finished sync (its errors go to {@link #failureMessage}). */
  public static List<Note> notes(SyncResult result, EventReason phaseReason) {
    List<Note> notes = new ArrayList<>();
    Set<String> droppedRoles = new LinkedHashSet<>(result.droppedRoles());
    String summary = summary(result.effects(), droppedRoles);
    if (!summary.isEmpty()) {
      notes.add(new Note(phaseReason, cap(summary)));
    }
    for (String role : droppedRoles) {
      StringBuilder m = new StringBuilder("dropped role \"").append(role).append('"');
      List<String> details = new ArrayList<>();
      for (Effect e : result.effects()) {
        boolean self = e.subject().equals(Subject.role(role));
        if (self && e.kind() == Effect.Kind.ROLE_DROPPED && !isBlank(e.detail())) {
          details.add(0, e.detail());
        } else if (self && e.kind() == Effect.Kind.OWNED_OBJECTS_REASSIGNED) {
          details.add(e.detail());
        } else if (e.kind() == Effect.Kind.DATABASE_OWNER_CHANGED
            && e.detail() != null
            && e.detail().startsWith("owner " + role + " is dropped")) {
          int heir = e.detail().lastIndexOf("new owner ");
          details.add(
              "database \""
                  + e.subject().name()
                  + "\" now owned by "
                  + (heir < 0
                      ? "another role"
                      : e.detail().substring(heir + "new owner ".length())));
        }
      }
      if (!details.isEmpty()) {
        m.append(": ").append(String.join("; ", details));
      }
      notes.add(new Note(EventReason.RoleDropped, cap(m.toString())));
    }
    for (Effect e : result.effects()) {
      if (e.kind() == Effect.Kind.DATABASE_DROPPED) {
        notes.add(
            new Note(
                EventReason.DatabaseDropped,
                cap(
                    "dropped database \""
                        + e.subject().name()
                        + "\""
                        + (isBlank(e.detail()) ? "" : ": " + e.detail()))));
      }
    }
    return notes;
  }

  /** Each error as {@code role "name": reason}. */
  public static List<String> errorTexts(List<SyncError> errors) {
    return errors.stream().map(SyncError::toString).distinct().collect(Collectors.toList());
  }

  /** The status message of a failed sync: every problem, each naming its role or database. */
  public static String failureMessage(List<String> problems) {
    return cap("could not sync roles and databases: " + String.join("; ", problems));
  }

  /** What changed, grouped by kind; empty when nothing did (or only drops, reported apart). */
  static String summary(List<Effect> effects, Set<String> droppedRoles) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    Map<String, Integer> privileges = new LinkedHashMap<>();
    for (Effect e : effects) {
      String name = "\"" + e.subject().name() + "\"";
      switch (e.kind()) {
        case ROLE_CREATED -> add(groups, "created roles", name);
        case ROLE_ALTERED -> add(groups, "altered roles", name + detail(e));
        case ROLE_RENAMED -> add(groups, "renamed roles", e.detail());
        case ROLE_DISABLED -> add(groups, "revoked LOGIN of roles", name + detail(e));
        case DATABASE_CREATED -> add(groups, "created databases", name + detail(e));
        case DATABASE_OWNER_CHANGED -> {
          if (droppedRoles.stream()
              .noneMatch(
                  r -> e.detail() != null && e.detail().startsWith("owner " + r + " is dropped"))) {
            add(groups, "changed owner of databases", name + detail(e));
          }
        }
        case OWNED_OBJECTS_REASSIGNED -> {
          if (!droppedRoles.contains(e.subject().name())) {
            add(groups, "reassigned objects of roles", name + detail(e));
          }
        }
        case SCHEMA_CREATED -> add(groups, "created schemas", name + where(e.subject()));
        case EXTENSION_CREATED -> add(groups, "created extensions", name + where(e.subject()));
        case EXTENSION_MOVED -> add(groups, "moved extensions", name + where(e.subject()));
        case POOLER_LOOKUP_INSTALLED ->
            add(groups, "installed the pooler lookup function", where(e.subject()).trim());
        case PRIVILEGES_GRANTED ->
            privileges.merge(
                e.subject().database() == null ? e.subject().name() : e.subject().database(),
                1,
                Integer::sum);
        case ROLE_DROPPED, DATABASE_DROPPED -> {} // reported on their own
      }
    }
    privileges.forEach(
        (db, n) -> add(groups, "granted privileges", n + " in database \"" + db + "\""));
    return groups.entrySet().stream()
        .map(g -> g.getKey() + " " + String.join(", ", g.getValue()))
        .collect(Collectors.joining("; "));
  }

  private static void add(Map<String, List<String>> groups, String group, String item) {
    groups.computeIfAbsent(group, k -> new ArrayList<>()).add(item);
  }

  private static String detail(Effect e) {
    return isBlank(e.detail()) ? "" : " (" + e.detail() + ")";
  }

  private static String where(Subject s) {
    return s.database() == null ? "" : " in database \"" + s.database() + "\"";
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  static String cap(String message) {
    if (message.length() <= MAX_MESSAGE) {
      return message;
    }
    String more = " ... (" + (message.length() - MAX_MESSAGE) + " more characters)";
    return message.substring(0, MAX_MESSAGE - more.length()) + more;
  }
}
