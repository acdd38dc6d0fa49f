package io.tusk.api.acid.v1;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Nullable;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * An extra volume mounted into the Postgres pod ({@code spec.additionalVolumes[]}). Mirrors {@code
 * postgresql_type.go#AdditionalVolume} (v2.0.1).
 */
public class AdditionalVolume extends UnknownPropertyHolder {

  @Required private String name;

  @Required private String mountPath;

  private String subPath;

  private Boolean isSubPathExpr;

  /**
   * Containers to mount into; empty means {@code postgres}, {@code ["all"]} means every container.
   */
  @Nullable private List<String> targetContainers;

  /**
   * Any Kubernetes volume source; kept schemaless in the CRD as upstream does. The {@code name} of
   * the returned object is unused.
   */
  @Required
  @PreserveUnknownFields
  @SchemaFrom(type = SchemalessObject.class)
  private io.fabric8.kubernetes.api.model.Volume volumeSource;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getMountPath() {
    return mountPath;
  }

  public void setMountPath(String mountPath) {
    this.mountPath = mountPath;
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

  public List<String> getTargetContainers() {
    return targetContainers;
  }

  public void setTargetContainers(List<String> targetContainers) {
    this.targetContainers = targetContainers;
  }

  public io.fabric8.kubernetes.api.model.Volume getVolumeSource() {
    return volumeSource;
  }

  public void setVolumeSource(io.fabric8.kubernetes.api.model.Volume volumeSource) {
    this.volumeSource = volumeSource;
  }
}
