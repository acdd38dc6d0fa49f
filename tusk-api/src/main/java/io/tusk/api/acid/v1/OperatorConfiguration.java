package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
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
 * The {@code OperatorConfiguration} custom resource ({@code acid.zalan.do/v1}): operator options in
 * CRD form. Mirrors {@code operator_configuration_type.go#OperatorConfiguration} (v2.0.1). Unlike
 * most resources its payload is the top-level {@code configuration} field, not {@code spec}; it is
 * available typed ({@link #getConfiguration()}) and as a JSON tree ({@link
 * #getConfigurationTree()}).
 */
@Group(Postgresql.GROUP)
@Version(Postgresql.VERSION)
@Kind("OperatorConfiguration")
@Plural("operatorconfigurations")
@Singular("operatorconfiguration")
@ShortNames("opconfig")
@Categories("all")
@AdditionalPrinterColumn(
    name = "Image",
    jsonPath = ".configuration.docker_image",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "Default Spilo image")
@AdditionalPrinterColumn(
    name = "Cluster-Label",
    jsonPath = ".configuration.kubernetes.cluster_name_label",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "Label naming the cluster on created objects")
@AdditionalPrinterColumn(
    name = "Service-Account",
    jsonPath = ".configuration.kubernetes.pod_service_account_name",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "Service account of the Postgres pods")
@AdditionalPrinterColumn(
    name = "Min-Instances",
    jsonPath = ".configuration.min_instances",
    type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "Lower bound of numberOfInstances (-1 = none)")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE,
    getDescription = "Time since the configuration was created")
public class OperatorConfiguration extends CustomResource<Void, OperatorConfigurationStatus>
    implements Namespaced, UnknownPropertyPreserving {

  // Plain Jackson is enough: the fabric8 model types inside carry their own Jackson annotations.
  private static final ObjectMapper TREE_MAPPER = new ObjectMapper();

  @Required private OperatorConfigurationData configuration;

  @JsonIgnore private final Map<String, Object> additionalProperties = new LinkedHashMap<>();

  public OperatorConfigurationData getConfiguration() {
    return configuration;
  }

  public void setConfiguration(OperatorConfigurationData configuration) {
    this.configuration = configuration;
  }

  /**
   * The {@code configuration} payload as a JSON tree, with unknown keys included and absent keys
   * omitted; an empty object if there is no payload.
   */
  @JsonIgnore
  public ObjectNode getConfigurationTree() {
    if (configuration == null) {
      return TREE_MAPPER.createObjectNode();
    }
    JsonNode tree = TREE_MAPPER.valueToTree(configuration);
    return (ObjectNode) tree;
  }

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
