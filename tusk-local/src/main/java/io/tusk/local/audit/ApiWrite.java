package io.tusk.local.audit;

import java.time.Instant;

/**
 * One write request as the API server's audit log recorded it.
 *
 * @param at when the API server received it
 * @param component who made it ({@link Components#of})
 * @param verb create, update, patch, delete or deletecollection
 * @param resource e.g. {@code endpoints}, {@code events}
 * @param subresource e.g. {@code status}; empty if none
 * @param namespace empty for cluster-scoped objects
 * @param name empty for creates with a generated name and collections
 * @param code the HTTP status of the response
 */
public record ApiWrite(
    Instant at,
    String component,
    String verb,
    String resource,
    String subresource,
    String namespace,
    String name,
    int code) {

  /** The verb and resource, e.g. {@code update endpointslices} or {@code patch pods/status}. */
  public String what() {
    return verb + " " + resource + (subresource.isEmpty() ? "" : "/" + subresource);
  }
}
