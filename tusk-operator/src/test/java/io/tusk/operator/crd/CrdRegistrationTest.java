package io.tusk.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.tusk.api.Crds;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.config.Source;
import io.tusk.operator.OperatorSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which CRDs the operator registers, with which categories, and when one counts as ready. */
class CrdRegistrationTest {
  private static final OperatorConfig DEFAULTS = OperatorConfig.defaults(Source.CONFIGMAP);
  private static final OperatorSettings CONFIG_MAP =
      OperatorSettings.fromEnvironment(Map.of("CONFIG_MAP_NAME", "postgres-operator"), "default");

  @Test
  void thePostgresqlCrdByDefaultTheOthersWhenTheyAreUsed() {
    assertThat(CrdRegistration.wanted(DEFAULTS, CONFIG_MAP)).containsExactly(Crds.POSTGRESQL);
    OperatorSettings fromCrd =
        OperatorSettings.fromEnvironment(
            Map.of("POSTGRES_OPERATOR_CONFIGURATION_OBJECT", "postgresql-operator-configuration"),
            "default");
    assertThat(
            CrdRegistration.wanted(
                DEFAULTS.withOverride(Options.ENABLE_POSTGRES_TEAM_CRD, true), fromCrd))
        .containsExactly(Crds.POSTGRESQL, Crds.OPERATOR_CONFIGURATION, Crds.POSTGRES_TEAM);
    assertThat(
            CrdRegistration.wanted(
                DEFAULTS.withOverride(Options.ENABLE_CRD_REGISTRATION, false), fromCrd))
        .isEmpty();
  }

  @Test
  void categoriesComeFromCrdCategories() {
    assertThat(
            CrdRegistration.definition(Crds.POSTGRESQL, List.of("all", "databases"))
                .getSpec()
                .getNames()
                .getCategories())
        .containsExactly("all", "databases");
    assertThat(
            CrdRegistration.definition(Crds.POSTGRESQL, List.of())
                .getSpec()
                .getNames()
                .getCategories())
        .isNullOrEmpty();
    CustomResourceDefinition crd = CrdRegistration.definition(Crds.POSTGRESQL, List.of("all"));
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("postgresql");
    assertThat(crd.getSpec().getNames().getShortNames()).contains("pg");
  }

  @Test
  void establishedIsReadyAndANameConflictIsAFailure() {
    assertThat(CrdRegistration.verdict(null)).contains("it does not exist");
    assertThat(CrdRegistration.verdict(withCondition("Established", "False", "")))
        .contains("not established yet");
    assertThat(CrdRegistration.verdict(withCondition("Established", "True", ""))).isEmpty();
    assertThat(CrdRegistration.verdict(withCondition("NamesAccepted", "False", "NameConflict")))
        .hasValueSatisfying(v -> assertThat(v).startsWith("name conflict: NameConflict"));
  }

  private static CustomResourceDefinition withCondition(String type, String status, String reason) {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName(Crds.POSTGRESQL)
        .endMetadata()
        .withNewStatus()
        .addNewCondition()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage("")
        .endCondition()
        .endStatus()
        .build();
  }
}
