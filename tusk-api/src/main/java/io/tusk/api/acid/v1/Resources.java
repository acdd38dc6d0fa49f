package io.tusk.api.acid.v1;

/**
 * Requests and limits of the Postgres (or pooler / sidecar) container. Mirrors {@code
 * postgresql_type.go#Resources} (v2.0.1).
 */
public class Resources extends UnknownPropertyHolder {

  private ResourceDescription requests;

  private ResourceDescription limits;

  public ResourceDescription getRequests() {
    return requests;
  }

  public void setRequests(ResourceDescription requests) {
    this.requests = requests;
  }

  public ResourceDescription getLimits() {
    return limits;
  }

  public void setLimits(ResourceDescription limits) {
    this.limits = limits;
  }
}
