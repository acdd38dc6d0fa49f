package io.tusk.operator.day2;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.day2.ClusterFacts;
import io.tusk.day2.PodFacts;
import io.tusk.patroni.PatroniClient;
import io.tusk.patroni.PatroniCluster;
import io.tusk.patroni.PatroniException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the planner needs: the cluster's pods (one list call) and, from the first member that
 * answers (the pod labelled master first), {@code GET /cluster} and {@code GET /config}.
 */
public final class PatroniObservation {
  private static final Logger LOG = LoggerFactory.getLogger(PatroniObservation.class);

  private final KubernetesClient client;
  private final PatroniClient patroni;

  public PatroniObservation(KubernetesClient client, PatroniClient patroni) {
    this.client = client;
    this.patroni = patroni;
  }

  /** The facts, and the pods they came from (to address a member by its pod's IP). */
  public record Observation(ClusterFacts facts, Map<String, String> podIps) {
    /** The API root of a member, by its pod's IP. */
    public Optional<URI> api(String member) {
      return Optional.ofNullable(podIps.get(member)).map(PatroniClient::apiRoot);
    }
  }

  public Observation observe(
      String namespace, Map<String, String> selector, String roleLabel, int instances) {
    List<Pod> pods = client.pods().inNamespace(namespace).withLabels(selector).list().getItems();
    List<PodFacts> facts = pods.stream().map(p -> PodFacts.of(p, roleLabel)).toList();
    Map<String, String> ips = new java.util.HashMap<>();
    for (Pod p : pods) {
      if (p.getStatus() != null
          && p.getStatus().getPodIP() != null
          && !p.getStatus().getPodIP().isEmpty()) {
        ips.put(p.getMetadata().getName(), p.getStatus().getPodIP());
      }
    }
    List<PodFacts> order = new ArrayList<>(facts);
    order.sort(
        Comparator.comparing((PodFacts f) -> !"master".equals(f.role()))
            .thenComparing(PodFacts::ordinal));
    Optional<PatroniCluster> cluster = Optional.empty();
    Optional<ObjectNode> config = Optional.empty();
    for (PodFacts pod : order) {
      String ip = ips.get(pod.name());
      if (ip == null || pod.terminating()) {
        continue;
      }
      URI api = PatroniClient.apiRoot(ip);
      try {
        cluster = Optional.of(patroni.cluster(api));
        config = Optional.of(patroni.config(api));
        break;
      } catch (PatroniException e) {
        LOG.debug("{}/{}: {}", namespace, pod.name(), e.getMessage());
        cluster = Optional.empty();
        config = Optional.empty();
      }
    }
    return new Observation(new ClusterFacts(facts, instances, cluster, config), Map.copyOf(ips));
  }
}
