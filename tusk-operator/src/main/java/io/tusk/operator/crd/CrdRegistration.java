package io.tusk.operator.crd;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.api.Crds;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.operator.OperatorSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the CRDs Tusk serves when the operator starts, as Zalando's {@code
 * controller.go#initController} with {@code controller/util.go#createOperatorCRD} (v2.0.1):
 *
 * <ul>
 *   <li>which: {@code postgresqls.acid.zalan.do}; {@code operatorconfigurations.acid.zalan.do} when
 *       the configuration is read from an OperatorConfiguration object; {@code
 *       postgresteams.acid.zalan.do} with {@code enable_postgres_team_crd} (Tusk watches
 *       PostgresTeams then; Zalando expects that CRD to be installed);
 *   <li>what: the definitions generated from tusk-api's model ({@link Crds}, the same text as
 *       {@code deploy/crds/}), with {@code crd_categories} as their categories;
 *   <li>how: created when missing, else updated, with server-side apply under Tusk's field manager
 *       (what others added to a CRD, e.g. labels, stays);
 *   <li>then: checked every {@code CRD_READY_WAIT_INTERVAL} until the API server reports it {@code
 *       Established}, for at most {@code CRD_READY_WAIT_TIMEOUT}; a name conflict ({@code
 *       NamesAccepted=False}) or the timeout stops the operator's start.
 * </ul>
 */
public final class CrdRegistration {
  private static final Logger LOG = LoggerFactory.getLogger(CrdRegistration.class);
  static final String FIELD_MANAGER = "tusk";

  private final KubernetesClient client;
  private final Duration interval;
  private final Duration timeout;

  public CrdRegistration(KubernetesClient client, Duration interval, Duration timeout) {
    this.client = client;
    this.interval = interval;
    this.timeout = timeout;
  }

  /** The CRDs to register under this configuration, by name. */
  public static List<String> wanted(OperatorConfig config, OperatorSettings settings) {
    if (!config.get(Options.ENABLE_CRD_REGISTRATION)) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    names.add(Crds.POSTGRESQL);
    if (settings.configurationObject().isPresent()) {
      names.add(Crds.OPERATOR_CONFIGURATION);
    }
    if (config.get(Options.ENABLE_POSTGRES_TEAM_CRD)) {
      names.add(Crds.POSTGRES_TEAM);
    }
    return names;
  }

  /** The definition as registered: Tusk's, with {@code crd_categories}. */
  public static CustomResourceDefinition definition(String name, List<String> categories) {
    return new CustomResourceDefinitionBuilder(Crds.definition(name))
        .editSpec()
        .editNames()
        .withCategories(categories.isEmpty() ? null : List.copyOf(categories))
        .endNames()
        .endSpec()
        .build();
  }

  /** Registers what {@link #wanted} names and waits until each is established. */
  public List<String> register(OperatorConfig config, OperatorSettings settings) {
    List<String> names = wanted(config, settings);
    for (String name : names) {
      CustomResourceDefinition desired = definition(name, config.get(Options.CRD_CATEGORIES));
      boolean existed =
          client.apiextensions().v1().customResourceDefinitions().withName(name).get() != null;
      client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
      LOG.info(
          "CustomResourceDefinition {} {}",
          name,
          existed ? "is registered and was updated" : "was created");
      awaitEstablished(name);
    }
    return names;
  }

  private void awaitEstablished(String name) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      CustomResourceDefinition crd =
          client.apiextensions().v1().customResourceDefinitions().withName(name).get();
      Optional<String> verdict = verdict(crd);
      if (verdict.isEmpty()) {
        return;
      }
      if (verdict.get().startsWith("name conflict")) {
        throw new IllegalStateException(
            "CustomResourceDefinition " + name + " cannot be registered: " + verdict.get());
      }
      if (!Instant.now().plus(interval).isBefore(deadline)) {
        throw new IllegalStateException(
            "CustomResourceDefinition "
                + name
                + " is not established after "
                + timeout
                + " (CRD_READY_WAIT_TIMEOUT): "
                + verdict.get());
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + name, e);
      }
    }
  }

  /** Empty when established; otherwise why not (a name conflict, or not yet). */
  static Optional<String> verdict(CustomResourceDefinition crd) {
    if (crd == null) {
      return Optional.of("it does not exist");
    }
    List<CustomResourceDefinitionCondition> conditions =
        crd.getStatus() == null || crd.getStatus().getConditions() == null
            ? List.of()
            : crd.getStatus().getConditions();
    for (CustomResourceDefinitionCondition c : conditions) {
      if ("NamesAccepted".equals(c.getType()) && "False".equals(c.getStatus())) {
        return Optional.of("name conflict: " + c.getReason() + " " + c.getMessage());
      }
    }
    for (CustomResourceDefinitionCondition c : conditions) {
      if ("Established".equals(c.getType()) && "True".equals(c.getStatus())) {
        return Optional.empty();
      }
    }
    return Optional.of("not established yet");
  }
}
