package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
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
 * A Postgres cluster: the {@code postgresql} custom resource ({@code acid.zalan.do/v1}), accepted
 * exactly as Zalando's postgres-operator accepts it. Mirrors {@code postgresql_type.go#Postgresql}
 * (v2.0.1). The printer columns and names match Zalando's {@code postgresql.crd.yaml}.
 */
@Group(Postgresql.GROUP)
@Version(Postgresql.VERSION)
@Kind("postgresql")
@Plural("postgresqls")
@Singular("postgresql")
@ShortNames("pg")
@Categories("all")
@AdditionalPrinterColumn(
    name = "Team",
    jsonPath = ".spec.teamId",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "Team that owns the cluster")
@AdditionalPrinterColumn(
    name = "Version",
    jsonPath = ".spec.postgresql.version",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "PostgreSQL major version")
@AdditionalPrinterColumn(
    name = "Pods",
    jsonPath = ".spec.numberOfInstances",
    type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "Number of Postgres pods")
@AdditionalPrinterColumn(
    name = "Volume",
    jsonPath = ".spec.volume.size",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "Size of the data volume")
@AdditionalPrinterColumn(
    name = "CPU-Request",
    jsonPath = ".spec.resources.requests.cpu",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "CPU request of the Postgres container")
@AdditionalPrinterColumn(
    name = "Memory-Request",
    jsonPath = ".spec.resources.requests.memory",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "Memory request of the Postgres container")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE,
    getDescription = "Time since the cluster was created")
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.PostgresClusterStatus",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "Last status reported by the operator")
public class Postgresql extends CustomResource<PostgresSpec, PostgresStatus>
    implements Namespaced, UnknownPropertyPreserving {

  public static final String GROUP = "acid.zalan.do";
  public static final String VERSION = "v1";

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
