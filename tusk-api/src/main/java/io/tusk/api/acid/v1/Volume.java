package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LabelSelector;

/**
 * The {@code spec.volume} section: the persistent data volume of every Postgres pod. Mirrors {@code
 * postgresql_type.go#Volume} (v2.0.1).
 */
public class Volume extends UnknownPropertyHolder {

  @JsonPropertyDescription("Selects the persistent volumes the claim may bind to.")
  private LabelSelector selector;

  @Required
  @Pattern(ValidationPatterns.QUANTITY)
  @JsonPropertyDescription("Size of the data volume (grow only).")
  private String size;

  private String storageClass;

  private String subPath;

  private Boolean isSubPathExpr;

  @Max(80000)
  private Integer iops;

  @Max(2000)
  private Integer throughput;

  private String type;

  public LabelSelector getSelector() {
    return selector;
  }

  public void setSelector(LabelSelector selector) {
    this.selector = selector;
  }

  public String getSize() {
    return size;
  }

  public void setSize(String size) {
    this.size = size;
  }

  public String getStorageClass() {
    return storageClass;
  }

  public void setStorageClass(String storageClass) {
    this.storageClass = storageClass;
  }

  public String getSubPath() {
    return subPath;
  }

  public void setSubPath(String subPath) {
    this.subPath = subPath;
  }

  public Boolean getIsSubPathExpr() {
    return isSubPathExpr;
  }

  public void setIsSubPathExpr(Boolean isSubPathExpr) {
    this.isSubPathExpr = isSubPathExpr;
  }

  public Integer getIops() {
    return iops;
  }

  public void setIops(Integer iops) {
    this.iops = iops;
  }

  public Integer getThroughput() {
    return throughput;
  }

  public void setThroughput(Integer throughput) {
    this.throughput = throughput;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }
}
