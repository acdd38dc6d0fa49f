package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code PostgresTeam} custom resource ({@code acid.zalan.do/v1}): additional team and member
 * mappings used when {@code enable_postgres_team_crd} is on. Mirrors {@code
 * postgres_team_type.go#PostgresTeam} (v2.0.1). Zalando's CRD enables a status subresource although
 * the type has no status; {@link PostgresTeamStatus} stands in for it.
 */
@Group(Postgresql.GROUP)
@Version(Postgresql.VERSION)
@Kind("PostgresTeam")
@Plural("postgresteams")
@Singular("postgresteam")
@ShortNames("pgteam")
@Categories("all")
public class PostgresTeam extends CustomResource<PostgresTeamSpec, PostgresTeamStatus>
    implements Namespaced, UnknownPropertyPreserving {

  @JsonIgnore private final Map<String, Object> additionalProperties = new LinkedHashMap<>();

  @Override
  @JsonAnyGetter
  @JsonIgnore // keeps the CRD generator from emitting the map as a schema property
  public Map<String, Object> getAdditionalProperties() {
    return additionalProperties;
  }

  @Override
  @JsonAnySetter
  public void setAdditionalProperty(String name, Object value) {
    additionalProperties.put(name, value);
  }
}
