package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base class of the {@code acid.zalan.do/v1} model objects: stores unknown JSON properties and
 * writes them back out.
 *
 * <p>The CRD generator does not turn the any-getter into a schema property (and, with its default
 * {@code implicitPreserveUnknownFields=false}, does not mark the object as schemaless either), so
 * the generated schema stays identical to Zalando's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class UnknownPropertyHolder implements UnknownPropertyPreserving {

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
