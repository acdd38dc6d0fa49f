package io.tusk.local.components;

/** The processes of a local control plane, in start order. */
public enum Component {
  ETCD("etcd"),
  KUBE_APISERVER("kube-apiserver"),
  KUBE_CONTROLLER_MANAGER("kube-controller-manager"),
  KUBE_SCHEDULER("kube-scheduler"),
  /** Tusk's stand-in for kubelets: node heartbeats, pod finalisation and pod simulation. */
  NODE_AGENT("node-agent");

  private final String id;

  Component(String id) {
    this.id = id;
  }

  /** Name used for logs, kubeconfigs, certificates and {@code state.json}. */
  public String id() {
    return id;
  }
}
