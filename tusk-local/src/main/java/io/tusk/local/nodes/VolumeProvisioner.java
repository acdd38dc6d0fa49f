package io.tusk.local.nodes;

import io.fabric8.kubernetes.api.model.EventBuilder;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
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
    if (SimulatedVolumes.pendingResize(pvc).isPresent()) {
      resize(pvc);
    }
  }

  /**
   * Grows a claim's volume as the CSI external-resizer does for a driver that needs no file-system
   * step on the node (the volumes here are host directories): the claim is marked {@code Resizing}
   * ({@code allocatedResources} and {@code ControllerResizeInProgress}), the volume's capacity
   * grows, then the claim reports the new capacity and the resize conditions and status are
   * cleared. Each step is recorded as the resizer's Event on the claim. The claim is read again
   * first: the event that brought it here may be older than a resize already done.
   */
  private void resize(PersistentVolumeClaim seen) {
    PersistentVolumeClaim pvc =
        client
            .persistentVolumeClaims()
            .inNamespace(seen.getMetadata().getNamespace())
            .withName(seen.getMetadata().getName())
            .get();
    if (pvc == null) {
      return;
    }
    Optional<Quantity> wanted = SimulatedVolumes.pendingResize(pvc);
    if (wanted.isEmpty()) {
      return;
    }
    String storage = wanted.get().toString();
    String volume = pvc.getSpec().getVolumeName();
    patchClaimStatus(pvc, SimulatedVolumes.resizeStarted(storage, Instant.now()));
    event(pvc, "Resizing", "External resizer is resizing volume " + volume);
    client
        .persistentVolumes()
        .withName(volume)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(Map.of("spec", Map.of("capacity", Map.of("storage", storage)))));
    patchClaimStatus(pvc, SimulatedVolumes.resizeFinished(storage));
    event(pvc, "VolumeResizeSuccessful", "Resize volume succeeded");
    LOG.debug(
        "resized {} of {}/{} to {}",
        volume,
        pvc.getMetadata().getNamespace(),
        pvc.getMetadata().getName(),
        storage);
  }

  private void patchClaimStatus(PersistentVolumeClaim pvc, String mergePatch) {
    client
        .persistentVolumeClaims()
        .inNamespace(pvc.getMetadata().getNamespace())
        .withName(pvc.getMetadata().getName())
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
  }

  /**
   * A Normal Event on the claim, from the resizer (as {@code external-resizer DRIVER}); an Event
   * that cannot be recorded does not stop the resize.
   */
  private void event(PersistentVolumeClaim pvc, String reason, String message) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    try {
      recordEvent(pvc, reason, message, now);
    } catch (KubernetesClientException e) {
      LOG.debug("event {} on {}: {}", reason, pvc.getMetadata().getName(), e.getMessage());
    }
  }

  private void recordEvent(PersistentVolumeClaim pvc, String reason, String message, String now) {
    client
        .v1()
        .events()
        .inNamespace(pvc.getMetadata().getNamespace())
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withGenerateName(pvc.getMetadata().getName() + ".")
                .withNamespace(pvc.getMetadata().getNamespace())
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion("v1")
                .withKind("PersistentVolumeClaim")
                .withNamespace(pvc.getMetadata().getNamespace())
                .withName(pvc.getMetadata().getName())
                .withUid(pvc.getMetadata().getUid())
                .withResourceVersion(pvc.getMetadata().getResourceVersion())
                .endInvolvedObject()
                .withType("Normal")
                .withReason(reason)
                .withMessage(message)
                .withNewSource()
                .withComponent("external-resizer " + SimulatedVolumes.PROVISIONER)
                .endSource()
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .build())
        .create();
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
