package io.tusk.local.host;

/**
 * A program the local environment runs on the host, the Debian package that brings it, and what it
 * is used for. Declared once here; the check, the install step and the messages all read this
 * table.
 */
public enum HostRequirement {
  SETSID("setsid", "util-linux", "detaching the control-plane processes", Need.ALWAYS),
  IP("ip", "iproute2", "pod network namespaces, veth pairs and the bridge", Need.REAL_PODS),
  BRIDGE("bridge", "iproute2", "hairpin mode on the bridge's pod ports", Need.REAL_PODS),
  IPTABLES("iptables", "iptables", "the Service (ClusterIP) rules", Need.REAL_PODS),
  IPTABLES_RESTORE(
      "iptables-restore", "iptables", "writing the Service rules in one step", Need.REAL_PODS),
  SETPRIV("setpriv", "util-linux", "running pod processes as the pod user", Need.REAL_PODS),
  USERADD("useradd", "passwd", "creating the unprivileged pod user", Need.REAL_PODS),
  KILL("kill", "procps", "stopping the processes of a pod", Need.REAL_PODS),
  SCRIPT("script", "bsdutils", "a terminal (TTY) for `kubectl exec -t`", Need.REAL_PODS),
  PYTHON3("python3", "python3", "Patroni, and the network probe's server pod", Need.REAL_PODS);

  /** When a requirement applies. */
  public enum Need {
    /** Every control plane. */
    ALWAYS,
    /** Control planes whose pods run as real processes (not {@code --simulate-pods}). */
    REAL_PODS
  }

  private final String command;
  private final String debianPackage;
  private final String purpose;
  private final Need need;

  HostRequirement(String command, String debianPackage, String purpose, Need need) {
    this.command = command;
    this.debianPackage = debianPackage;
    this.purpose = purpose;
    this.need = need;
  }

  public String command() {
    return command;
  }

  public String debianPackage() {
    return debianPackage;
  }

  public String purpose() {
    return purpose;
  }

  public Need need() {
    return need;
  }

  /** Whether a control plane with or without real pods needs this program. */
  public boolean appliesTo(boolean realPods) {
    return need == Need.ALWAYS || realPods;
  }
}
