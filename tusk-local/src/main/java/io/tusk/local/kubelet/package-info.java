/**
 * The kubelet API of the local nodes, which the API server proxies {@code pods/log}, {@code
 * pods/exec} and {@code pods/portforward} to: one HTTPS server on 127.0.0.1 (every node's
 * InternalIP) for all three nodes, serving the pods that run as real processes.
 *
 * <ul>
 *   <li>{@code GET /containerLogs/{ns}/{pod}/{container}}: a container run's log ({@link
 *       LogOptions}: follow, previous, tailLines, sinceSeconds, sinceTime, timestamps, limitBytes);
 *   <li>{@code /exec/{ns}/{pod}/{container}?command=...}: runs a command in the pod's network
 *       namespace as the pod user with the container's environment, over SPDY/3.1 ({@code
 *       v4.channel.k8s.io}, what the API server uses when it translates {@code kubectl}'s
 *       WebSocket) or WebSocket ({@code v4.channel.k8s.io}/{@code channel.k8s.io}, what clients
 *       such as fabric8 request and the API server passes through); a TTY comes from {@code
 *       script};
 *   <li>{@code /portForward/{ns}/{pod}}: SPDY/3.1 {@code portforward.k8s.io}, connecting to the
 *       pod's address.
 * </ul>
 *
 * Authentication and authorization are a kubelet's: a client certificate from the local CA is
 * required (the API server's {@code kube-apiserver-kubelet-client}), and its user and groups must
 * be allowed {@code nodes/proxy} on the pod's node by a SubjectAccessReview.
 */
package io.tusk.local.kubelet;
