package io.tusk.operator.status;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tusk.api.acid.v1.PostgresStatus;
import io.tusk.api.acid.v1.Postgresql;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code status} of a {@code postgresql} resource through the status subresource, as a merge
 * patch of a resource that carries only name, namespace and status (so the spec is never written
 * back), and only when the status actually changes.
 */
public final class StatusWriter implements StatusSink {
  private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);
  private final KubernetesClient client;

  public StatusWriter(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public boolean write(Postgresql pg, String clusterStatus, String message) {
    // An empty message (rather than null) so that a merge patch clears an earlier one.
    message = message == null ? "" : message;
    PostgresStatus current = pg.getStatus();
    Long generation = pg.getMetadata().getGeneration();
    if (current != null
        && Objects.equals(current.getPostgresClusterStatus(), clusterStatus)
        && Objects.equals(Objects.toString(current.getMessage(), ""), message)
        && Objects.equals(current.getObservedGeneration(), generation)) {
      return false;
    }
    PostgresStatus status = new PostgresStatus(clusterStatus);
    status.setObservedGeneration(generation);
    status.setMessage(message);
    Postgresql patch = new Postgresql();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(pg.getMetadata().getName())
            .withNamespace(pg.getMetadata().getNamespace())
            .build());
    patch.setStatus(status);
    try {
      client.resource(patch).patchStatus();
      pg.setStatus(status);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        LOG.debug(
            "{}/{} is gone; status not written",
            pg.getMetadata().getNamespace(),
            pg.getMetadata().getName());
        return false;
      }
      throw e;
    }
  }
}
