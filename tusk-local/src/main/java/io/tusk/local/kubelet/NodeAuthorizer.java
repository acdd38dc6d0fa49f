package io.tusk.local.kubelet;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authorizes requests to the kubelet API as a kubelet with webhook authorization does: a
 * SubjectAccessReview asks the API server whether the client certificate's user and groups may use
 * {@code nodes/proxy} (the subresource of logs, exec and port-forward) of the pod's node with the
 * verb of the HTTP method. Answers are cached like the kubelet's defaults (allowed 5 minutes,
 * denied 30 seconds).
 */
final class NodeAuthorizer {

  private static final Duration ALLOWED_TTL = Duration.ofMinutes(5);
  private static final Duration DENIED_TTL = Duration.ofSeconds(30);

  private record Key(PeerIdentity who, String verb, String node) {}

  private record Answer(boolean allowed, String reason, Instant until) {}

  private final KubernetesClient client;
  private final Map<Key, Answer> cache = new ConcurrentHashMap<>();

  NodeAuthorizer(KubernetesClient client) {
    this.client = client;
  }

  /** The kubelet's verb for an HTTP method. */
  static String verb(String method) {
    return switch (method.toUpperCase(Locale.ROOT)) {
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> "delete";
      default -> "get";
    };
  }

  /** Null when allowed, else why not. Blocks on the API server. */
  String deny(PeerIdentity who, String method, String node) {
    Key key = new Key(who, verb(method), node);
    Instant now = Instant.now();
    Answer a = cache.get(key);
    if (a == null || now.isAfter(a.until())) {
      a = review(key, now);
      cache.put(key, a);
    }
    return a.allowed() ? null : a.reason();
  }

  private Answer review(Key key, Instant now) {
    SubjectAccessReview sar =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser(key.who().user())
            .withGroups(key.who().groups())
            .withNewResourceAttributes()
            .withGroup("")
            .withVersion("v1")
            .withResource("nodes")
            .withSubresource("proxy")
            .withName(key.node())
            .withVerb(key.verb())
            .endResourceAttributes()
            .endSpec()
            .build();
    SubjectAccessReview answer = client.authorization().v1().subjectAccessReview().create(sar);
    boolean allowed =
        answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
    String reason =
        "Forbidden (user="
            + key.who().user()
            + ", verb="
            + key.verb()
            + ", resource=nodes, subresource=proxy)";
    return new Answer(allowed, reason, now.plus(allowed ? ALLOWED_TTL : DENIED_TTL));
  }
}
