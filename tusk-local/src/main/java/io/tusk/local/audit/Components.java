package io.tusk.local.audit;

/**
 * Names the component behind a request from its user and user agent. The controller-manager runs
 * each controller with a service account of its own in {@code kube-system}, so its writes are named
 * by controller ({@code kube-controller-manager/endpointslice-controller}); the other components of
 * the control plane by their name; anything else by the program in its user agent and the user it
 * acts as ({@code tusk-operator as kubernetes-admin}).
 */
public final class Components {

  static final String CONTROLLER_PREFIX = "system:serviceaccount:kube-system:";

  private Components() {}

  /**
   * @param user the authenticated user, or the impersonated one where a request impersonates
   * @param userAgent the request's User-Agent header, may be null
   */
  public static String of(String user, String userAgent) {
    String program = program(userAgent);
    if (user == null || user.isEmpty()) {
      return program;
    }
    if (user.startsWith(CONTROLLER_PREFIX) && program.equals("kube-controller-manager")) {
      return program + "/" + user.substring(CONTROLLER_PREFIX.length());
    }
    return switch (user) {
      case "system:kube-controller-manager" -> "kube-controller-manager";
      case "system:kube-scheduler" -> "kube-scheduler";
      case "system:apiserver" -> "kube-apiserver";
      case "tusk-local:node-agent" -> "node-agent";
      default -> program + " as " + user;
    };
  }

  /** The program of a user agent: {@code kubectl/v1.34.4 (linux/amd64) ...} is kubectl. */
  static String program(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return "unknown";
    }
    String first = userAgent.strip().split("[/ ]", 2)[0];
    return first.isEmpty() ? "unknown" : first;
  }
}
