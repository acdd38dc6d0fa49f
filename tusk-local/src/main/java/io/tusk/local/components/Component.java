package io.tusk.local.components;

/** The processes of a local control plane, in start order. */
public enum Component {
  ETCD("etcd", Component.CONTROL_PLANE_NICE),
  KUBE_APISERVER("kube-apiserver", Component.CONTROL_PLANE_NICE),
  KUBE_CONTROLLER_MANAGER("kube-controller-manager", 0),
  KUBE_SCHEDULER("kube-scheduler", 0),
  /** Tusk's stand-in for kubelets: node heartbeats, pod finalisation and pod simulation. */
  NODE_AGENT("node-agent", 0),
  /** S3-compatible object storage (versitygw) for WAL archives and backups; real pods only. */
  OBJECT_STORAGE("object-storage", 0);

  /**
   * The nice value of etcd and the API server. Every other component, the operator and every client
   * wait on them; on a real cluster they run on machines of their own, while here they share the
   * cores with all of those. With the default (equal) share, a busy machine delays every API
   * request behind the controllers, the simulated nodes and the clients it is serving.
   */
  static final int CONTROL_PLANE_NICE = -10;

  private final String id;
  private final int nice;

  Component(String id, int nice) {
    this.id = id;
    this.nice = nice;
  }

  /** The nice value the component runs at (see {@code CpuPriority}); 0 for the default share. */
  public int nice() {
    return nice;
  }

  /** Name used for logs, kubeconfigs, certificates and {@code state.json}. */
  public String id() {
    return id;
  }
}
