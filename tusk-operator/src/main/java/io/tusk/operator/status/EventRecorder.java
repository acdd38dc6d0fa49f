package io.tusk.operator.status;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events on a resource, as {@code kubectl describe postgresql} shows them. A repeat
 * of the same reason and message on the same object bumps the count of the existing Event instead
 * of creating a new one, so a failing periodic sync does not flood the namespace. Recording never
 * throws: an Event that cannot be written is logged and dropped.
 */
public final class EventRecorder implements EventSink {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final String COMPONENT = "tusk";

  private final KubernetesClient client;
  private final Map<String, String> lastEventByKey = new ConcurrentHashMap<>();

  public EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public void normal(HasMetadata on, EventReason reason, String message) {
    record(on, "Normal", reason, message);
  }

  @Override
  public void warning(HasMetadata on, EventReason reason, String message) {
    record(on, "Warning", reason, message);
  }

  private void record(HasMetadata on, String type, EventReason reason, String message) {
    String ns = on.getMetadata().getNamespace();
    String key = on.getMetadata().getUid() + "/" + type + "/" + reason + "/" + message;
    String now = Instant.now().toString();
    try {
      String existing = lastEventByKey.get(key);
      if (existing != null) {
        try {
          client
              .v1()
              .events()
              .inNamespace(ns)
              .withName(existing)
              .edit(
                  e ->
                      new EventBuilder(e)
                          .withCount(e.getCount() == null ? 2 : e.getCount() + 1)
                          .withLastTimestamp(now)
                          .build());
          return;
        } catch (KubernetesClientException e) {
          if (e.getCode() != 404) {
            throw e;
          }
          // the Event expired (events have a TTL): record a new one
        }
      }
      String name = on.getMetadata().getName() + "." + Long.toHexString(System.nanoTime());
      Event event =
          new EventBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace(ns)
              .endMetadata()
              .withInvolvedObject(
                  new ObjectReferenceBuilder()
                      .withApiVersion(on.getApiVersion())
                      .withKind(on.getKind())
                      .withName(on.getMetadata().getName())
                      .withNamespace(ns)
                      .withUid(on.getMetadata().getUid())
                      .withResourceVersion(on.getMetadata().getResourceVersion())
                      .build())
              .withType(type)
              .withReason(reason.text())
              .withMessage(message)
              .withCount(1)
              .withFirstTimestamp(now)
              .withLastTimestamp(now)
              .withNewSource()
              .withComponent(COMPONENT)
              .endSource()
              .withReportingComponent(COMPONENT)
              .build();
      client.v1().events().inNamespace(ns).resource(event).create();
      lastEventByKey.put(key, name);
      if (lastEventByKey.size() > 10_000) {
        lastEventByKey.clear(); // bounded memory; a cleared entry only costs a new Event object
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "Could not record event {} on {}/{}: {}",
          reason,
          ns,
          on.getMetadata().getName(),
          e.toString());
    }
  }
}
