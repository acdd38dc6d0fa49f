package io.tusk.sql.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.sql.Effect;
import io.tusk.sql.plan.Change;
import io.tusk.sql.statement.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PublicationPlannerTest {

  static final TableName T = new TableName("public", "test_table");
  static final TableName U = new TableName("data", "other");

  static DesiredPublication wanted(String name, TableName... tables) {
    return new DesiredPublication("foo", name, List.of(tables));
  }

  static ActualPublication tusks(String name, TableName... tables) {
    return new ActualPublication(name, "postgres", false, true, List.of(tables));
  }

  static PublicationCatalog catalog(Set<TableName> existing, ActualPublication... pubs) {
    Map<String, ActualPublication> byName = new java.util.LinkedHashMap<>();
    for (ActualPublication p : pubs) {
      byName.put(p.name(), p);
    }
    return new PublicationCatalog("foo", byName, existing);
  }

  static List<String> sql(PublicationPlanner.DatabasePlan plan) {
    return plan.changes().stream()
        .flatMap(c -> c.statements().stream())
        .map(Statement::sql)
        .toList();
  }

  @Test
  void createsAMissingPublicationWithTusksMark() {
    PublicationPlanner.DatabasePlan plan =
        PublicationPlanner.plan(
            List.of(wanted("fes_foo_app", T, U)), catalog(Set.of(T, U)), Set.of(), "postgres");

    assertThat(sql(plan))
        .containsExactly(
            "CREATE PUBLICATION \"fes_foo_app\" FOR TABLE \"data\".\"other\","
                + " \"public\".\"test_table\" WITH (publish = 'insert, update')",
            "COMMENT ON PUBLICATION \"fes_foo_app\" IS '" + PublicationPlanner.MARKER + "'");
    assertThat(plan.changes()).extracting(Change::database).containsOnly("foo");
    assertThat(plan.ready()).containsExactly(new PublicationRef("foo", "fes_foo_app"));
    assertThat(plan.changes().get(0).effects())
        .extracting(Effect::kind)
        .containsExactly(Effect.Kind.PUBLICATION_CREATED);
  }

  @Test
  void aMissingTableMakesTheSlotWaitAndNothingIsSent() {
    PublicationPlanner.DatabasePlan plan =
        PublicationPlanner.plan(
            List.of(wanted("fes_foo_app2", T, U)), catalog(Set.of(T)), Set.of(), "postgres");

    assertThat(plan.changes()).isEmpty();
    assertThat(plan.ready()).isEmpty();
    assertThat(plan.waiting())
        .containsExactly(
            Map.entry(
                new PublicationRef("foo", "fes_foo_app2"), "table data.other does not exist"));
  }

  @Test
  void setsTheTablesOfItsOwnPublicationAndLeavesAnEqualOneAlone() {
    PublicationPlanner.DatabasePlan changed =
        PublicationPlanner.plan(
            List.of(wanted("fes_foo_app", T, U)),
            catalog(Set.of(T, U), tusks("fes_foo_app", T)),
            Set.of(),
            "postgres");
    assertThat(sql(changed))
        .containsExactly(
            "ALTER PUBLICATION \"fes_foo_app\" SET TABLE \"data\".\"other\", \"public\".\"test_table\"");

    PublicationPlanner.DatabasePlan same =
        PublicationPlanner.plan(
            List.of(wanted("fes_foo_app", T)),
            catalog(Set.of(T), tusks("fes_foo_app", T)),
            Set.of(),
            "postgres");
    assertThat(same.changes()).isEmpty();
    assertThat(same.ready()).hasSize(1);
  }

  @Test
  void releasesOnlyItsOwnUnwantedPublications() {
    ActualPublication byHandNamedLikeTusks =
        new ActualPublication("fes_foo_manual", "postgres", false, false, List.of(T));
    ActualPublication byAUser =
        new ActualPublication("mypublication", "foo_user", false, false, List.of(T));
    PublicationPlanner.DatabasePlan plan =
        PublicationPlanner.plan(
            List.of(),
            catalog(
                Set.of(),
                tusks("fes_foo_gone", T),
                tusks("fes_foo_kept_by_manifest", T),
                byHandNamedLikeTusks,
                byAUser),
            Set.of("fes_foo_kept_by_manifest"),
            "postgres");

    assertThat(plan.changes()).isEmpty();
    assertThat(plan.release()).containsExactly(new PublicationRef("foo", "fes_foo_gone"));
    assertThat(PublicationPlanner.drop(plan.release().get(0)).statements())
        .extracting(Statement::sql)
        .containsExactly("DROP PUBLICATION IF EXISTS \"fes_foo_gone\"");
  }

  @Test
  void takesOverAnUnmarkedPublicationOfItsOwnRoleButNotAnotherRoles() {
    ActualPublication zalandos =
        new ActualPublication("fes_foo_app", "postgres", false, false, List.of(T));
    PublicationPlanner.DatabasePlan adopted =
        PublicationPlanner.plan(
            List.of(wanted("fes_foo_app", T)), catalog(Set.of(T), zalandos), Set.of(), "postgres");
    assertThat(sql(adopted))
        .containsExactly(
            "COMMENT ON PUBLICATION \"fes_foo_app\" IS '" + PublicationPlanner.MARKER + "'");
    assertThat(adopted.ready()).hasSize(1);

    ActualPublication someoneElses =
        new ActualPublication("fes_foo_app", "foo_user", false, false, List.of(T));
    PublicationPlanner.DatabasePlan refused =
        PublicationPlanner.plan(
            List.of(wanted("fes_foo_app", T)),
            catalog(Set.of(T), someoneElses),
            Set.of(),
            "postgres");
    assertThat(refused.changes()).isEmpty();
    assertThat(refused.waiting().values()).singleElement().asString().contains("foo_user");

    ActualPublication allTables =
        new ActualPublication("fes_foo_app", "postgres", true, true, List.of());
    assertThat(
            PublicationPlanner.plan(
                    List.of(wanted("fes_foo_app", T)),
                    catalog(Set.of(T), allTables),
                    Set.of(),
                    "postgres")
                .waiting())
        .hasSize(1);
  }

  @Test
  void identifiersAreQuoted() {
    TableName odd = new TableName("Sch\"ema", "Ta ble");
    PublicationPlanner.DatabasePlan plan =
        PublicationPlanner.plan(
            List.of(wanted("fes_foo_x\"; DROP TABLE t; --", odd)),
            catalog(Set.of(odd)),
            Set.of(),
            "postgres");
    assertThat(sql(plan).get(0))
        .isEqualTo(
            "CREATE PUBLICATION \"fes_foo_x\"\"; DROP TABLE t; --\" FOR TABLE"
                + " \"Sch\"\"ema\".\"Ta ble\" WITH (publish = 'insert, update')");
  }
}
