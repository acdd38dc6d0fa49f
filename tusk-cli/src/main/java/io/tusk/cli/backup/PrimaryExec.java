package io.tusk.cli.backup;

import io.fabric8.kubernetes.api.model.Pod;
import io.tusk.cli.cluster.ClusterTarget;
import io.tusk.config.Options;
import io.tusk.operator.backup.PodExec;
import java.io.OutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs commands in the {@code postgres} container of a cluster's primary, as Spilo users do. */
final class PrimaryExec {

  private final ClusterTarget.Session session;
  private final String pod;

  private PrimaryExec(ClusterTarget.Session session, String pod) {
    this.session = session;
    this.pod = pod;
  }

  /** The cluster's primary pod; fails naming what is missing. */
  static PrimaryExec open(ClusterTarget.Session session) {
    Map<String, String> selector = new HashMap<>(session.podSelector());
    selector.put(session.config().get(Options.POD_ROLE_LABEL), "master");
    List<Pod> pods =
        session
            .client()
            .pods()
            .inNamespace(session.manifest().getMetadata().getNamespace())
            .withLabels(selector)
            .list()
            .getItems();
    if (pods.isEmpty()) {
      throw new IllegalStateException(
          "cluster " + session.manifest().getMetadata().getName() + " has no primary pod");
    }
    return new PrimaryExec(session, pods.get(0).getMetadata().getName());
  }

  String pod() {
    return pod;
  }

  PodExec.Result run(List<String> command, Duration limit) throws InterruptedException {
    return run(command, limit, null);
  }

  /** Runs {@code command}; its output also goes to {@code echo} as it comes when given. */
  PodExec.Result run(List<String> command, Duration limit, OutputStream echo)
      throws InterruptedException {
    return PodExec.run(
        session.client(),
        session.manifest().getMetadata().getNamespace(),
        pod,
        "postgres",
        command,
        limit,
        echo);
  }
}
