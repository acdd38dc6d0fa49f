package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Pattern;

/**
 * CPU, memory and huge-page quantities of a container (requests or limits), kept as the strings the
 * user wrote. Mirrors {@code postgresql_type.go#ResourceDescription} (v2.0.1).
 */
public class ResourceDescription extends UnknownPropertyHolder {

  @Pattern(ValidationPatterns.CPU)
  private String cpu;

  @Pattern(ValidationPatterns.QUANTITY)
  private String memory;

  @JsonProperty("hugepages-2Mi")
  @Pattern(ValidationPatterns.QUANTITY)
  private String hugepages2Mi;

  @JsonProperty("hugepages-1Gi")
  @Pattern(ValidationPatterns.QUANTITY)
  private String hugepages1Gi;

  public String getCpu() {
    return cpu;
  }

  public void setCpu(String cpu) {
    this.cpu = cpu;
  }

  public String getMemory() {
    return memory;
  }

  public void setMemory(String memory) {
    this.memory = memory;
  }

  public String getHugepages2Mi() {
    return hugepages2Mi;
  }

  public void setHugepages2Mi(String hugepages2Mi) {
    this.hugepages2Mi = hugepages2Mi;
  }

  public String getHugepages1Gi() {
    return hugepages1Gi;
  }

  public void setHugepages1Gi(String hugepages1Gi) {
    this.hugepages1Gi = hugepages1Gi;
  }
}
