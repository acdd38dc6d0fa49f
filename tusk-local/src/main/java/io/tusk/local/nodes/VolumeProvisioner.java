package io.tusk.local.nodes;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent's stand-in for a CSI provisioner and resizer of the {@link
 * SimulatedVolumes#STORAGE_CLASS} class: creates a pre-bound PersistentVolume for every pending
 * claim, grows volume and claim when a claim asks for more, and deletes released volumes. Work runs
 * on the agent's single worker thread.
 */
final class VolumeProvisioner implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(VolumeProvisioner.class);

  private final KubernetesClient client;
  private final ScheduledExecutorService worker;
  private SharedIndexInformer<PersistentVolumeClaim> claims;
  private SharedIndexInformer<PersistentVolume> volumes;

  VolumeProvisioner(KubernetesClient client, ScheduledExecutorService worker) {
    this.client = client;
    this.worker = worker;
  }

  void start() {
    claims =
        client
            .persistentVolumeClaims()
            .inAnyNamespace()
            .inform(handler(this::claimChanged), 60_000);
    volumes = client.persistentVolumes().inform(handler(this::volumeChanged), 60_000);
  }

  private <T> ResourceEventHandler<T> handler(java.util.function.Consumer<T> action) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        submit(() -> action.accept(obj), 0);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        submit(() -> action.accept(newObj), 0);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {}
    };
  }

  private void submit(Runnable r, long delayMillis) {
    if (!worker.isShutdown()) {
      worker.schedule(
          () -> {
            try {
              r.run();
            } catch (KubernetesClientException e) {
              if (e.getCode() != 404 && e.getCode() != 409) {
                LOG.debug("volume simulation: {}; retrying", e.getMessage());
                submit(r, 1000);
              }
            } catch (RuntimeException e) {
              LOG.warn("volume simulation: {}", e.toString());
            }
          },
          delayMillis,
          TimeUnit.MILLISECONDS);
    }
  }

  private void claimChanged(PersistentVolumeClaim pvc) {
    if (SimulatedVolumes.needsVolume(pvc)) {
      String name = SimulatedVolumes.volumeName(pvc);
      if (client.persistentVolumes().withName(name).get() == null) {
        client.persistentVolumes().resource(SimulatedVolumes.volumeFor(pvc)).create();
        LOG.debug(
            "provisioned {} for {}/{}",
            name,
            pvc.getMetadata().getNamespace(),
            pvc.getMetadata().getName());
      }
      return;
    }
    SimulatedVolumes.pendingResize(pvc).ifPresent(size -> resize(pvc, size));
  }

  private void resize(PersistentVolumeClaim pvc, Quantity size) {
    String storage = size.toString();
    client
        .persistentVolumes()
        .withName(pvc.getSpec().getVolumeName())
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(Map.of("spec", Map.of("capacity", Map.of("storage", storage)))));
    client
        .persistentVolumeClaims()
        .inNamespace(pvc.getMetadata().getNamespace())
        .withName(pvc.getMetadata().getName())
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(Map.of("status", Map.of("capacity", Map.of("storage", storage)))));
  }

  private void volumeChanged(PersistentVolume pv) {
    if (SimulatedVolumes.releasedOurs(pv)) {
      client.persistentVolumes().withName(pv.getMetadata().getName()).delete();
    }
  }

  @Override
  public void close() {
    if (claims != null) {
      claims.close();
    }
    if (volumes != null) {
      volumes.close();
    }
  }
}
