package io.tusk.operator.database;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tusk.api.acid.v1.PostgresTeam;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.operator.NamespacedName;
import io.tusk.sql.infra.InfrastructureRoles;
import io.tusk.sql.sources.RoleSources;
import io.tusk.sql.teams.PostgresTeamMap;
import io.tusk.sql.teams.TeamMembers;
import io.tusk.sql.teams.TeamsApiClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Reads what the wanted roles depend on outside the manifest, as Zalando's {@code
 * cluster.go#initHumanUsers} / {@code cluster/util.go#getTeamMembers} and {@code
 * controller/util.go#getInfrastructureRoles} do (v2.0.1):
 *
 * <ul>
 *   <li>PostgresTeam resources of the watched namespaces, with {@code enable_postgres_team_crd}
 *       (from the operator's PostgresTeam informer when it watches them, else listed);
 *   <li>team members from the Teams API, with {@code enable_teams_api}, authenticated with the
 *       {@code read-only-token-secret} key of the Secret {@code oauth_token_secret_name};
 *   <li>infrastructure roles from the Secrets (and ConfigMaps of the same name) of {@code
 *       infrastructure_roles_secrets} and {@code infrastructure_roles_secret_name}.
 * </ul>
 *
 * <p>Secret and ConfigMap names are {@code name} (in the operator's namespace) or {@code
 * namespace/name}, as Zalando's {@code spec.NamespacedName}. Nothing here fails the sync: what
 * cannot be read is reported as a warning and marks the inputs incomplete, so that the sync retires
 * nobody on their account (Zalando fails the whole sync instead).
 */
final class ExternalRoleInputs {

  static final String TOKEN_KEY = "read-only-token-secret";

  /**
   * The inputs, warnings about what could not be read, and whether infrastructure roles are
   * complete.
   */
  record Result(RoleSources.Inputs inputs, List<String> warnings, boolean infrastructureComplete) {}

  private final KubernetesClient client;
  private final String operatorNamespace;
  private final Map<String, TeamsApiClient> teamsApis = new ConcurrentHashMap<>();
  private final Supplier<Optional<List<PostgresTeam>>> watchedTeams;

  ExternalRoleInputs(
      KubernetesClient client,
      String operatorNamespace,
      Supplier<Optional<List<PostgresTeam>>> watchedTeams) {
    this.client = client;
    this.operatorNamespace = operatorNamespace;
    this.watchedTeams = watchedTeams;
  }

  Result read(Postgresql cluster, OperatorConfig config) {
    List<String> warnings = new ArrayList<>();
    boolean teamsComplete = true;

    PostgresTeamMap postgresTeams = PostgresTeamMap.empty();
    if (config.get(Options.ENABLE_POSTGRES_TEAM_CRD)) {
      try {
        postgresTeams = RoleSources.postgresTeams(listPostgresTeams(config));
      } catch (KubernetesClientException e) {
        warnings.add("could not list PostgresTeam resources: " + e.getMessage());
        teamsComplete = false;
      }
    }

    TeamMembers members = TeamMembers.none();
    Set<String> teams = RoleSources.teamsToFetch(cluster, config, postgresTeams);
    if (!teams.isEmpty()) {
      String token = null;
      String secretRef = config.get(Options.OAUTH_TOKEN_SECRET_NAME);
      try {
        token = secretValue(secretRef, TOKEN_KEY);
      } catch (KubernetesClientException e) {
        warnings.add("could not read the OAuth token secret " + secretRef + ": " + e.getMessage());
      }
      if (token == null || token.isEmpty()) {
        warnings.add(
            "no Teams API token: secret "
                + secretRef
                + " has no key "
                + TOKEN_KEY
                + "; team members are not synced");
        members = new TeamMembers(Map.of(), false, List.of());
      } else {
        members = teamsApi(config.get(Options.TEAMS_API_URL)).members(teams, token);
      }
    }
    if (!teamsComplete) {
      members = new TeamMembers(members.members(), false, members.errors());
    }

    List<InfrastructureRoles.Result> infra = new ArrayList<>();
    boolean infraComplete = true;
    for (InfrastructureRoles.Definition d : RoleSources.infrastructureRoleDefinitions(config)) {
      try {
        NamespacedName ref = NamespacedName.parse(d.secretName(), operatorNamespace);
        Secret secret = client.secrets().inNamespace(ref.namespace()).withName(ref.name()).get();
        if (secret == null) {
          warnings.add("infrastructure roles secret " + d.secretName() + " does not exist");
          infraComplete = false;
          continue;
        }
        ConfigMap map = client.configMaps().inNamespace(ref.namespace()).withName(ref.name()).get();
        infra.add(
            InfrastructureRoles.read(
                d, decode(secret.getData()), map == null ? null : map.getData()));
      } catch (KubernetesClientException | IllegalArgumentException e) {
        warnings.add(
            "could not read infrastructure roles from " + d.secretName() + ": " + e.getMessage());
        infraComplete = false;
      }
    }
    InfrastructureRoles.Result merged = InfrastructureRoles.merge(infra);
    warnings.addAll(merged.warnings());
    return new Result(
        new RoleSources.Inputs(members, postgresTeams, merged.roles()), warnings, infraComplete);
  }

  private List<PostgresTeam> listPostgresTeams(OperatorConfig config) {
    Optional<List<PostgresTeam>> cached = watchedTeams.get();
    if (cached.isPresent()) {
      return cached.get();
    }
    String watched = config.effectiveWatchedNamespace(operatorNamespace);
    if ("*".equals(watched)) {
      return client.resources(PostgresTeam.class).inAnyNamespace().list().getItems();
    }
    List<PostgresTeam> all = new ArrayList<>();
    for (String ns : watched.split(",")) {
      if (!ns.isBlank()) {
        all.addAll(client.resources(PostgresTeam.class).inNamespace(ns.trim()).list().getItems());
      }
    }
    return all;
  }

  private TeamsApiClient teamsApi(String url) {
    return teamsApis.computeIfAbsent(url, TeamsApiClient::new);
  }

  private String secretValue(String reference, String key) {
    NamespacedName ref = NamespacedName.parse(reference, operatorNamespace);
    Secret secret = client.secrets().inNamespace(ref.namespace()).withName(ref.name()).get();
    return secret == null ? null : decode(secret.getData()).get(key);
  }

  private static Map<String, String> decode(Map<String, String> data) {
    Map<String, String> out = new LinkedHashMap<>();
    if (data != null) {
      data.forEach(
          (k, v) ->
              out.put(
                  k,
                  v == null
                      ? ""
                      : new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    return out;
  }
}
