/**
 * A local Kubernetes control plane from upstream binaries, for the quick start, the integration
 * tests and the benchmarks. {@link io.tusk.local.LocalControlPlane} starts, inspects and stops one:
 * etcd, kube-apiserver, kube-controller-manager and kube-scheduler as detached processes on
 * loopback, the node agent for three local nodes, and Tusk's CRDs; it records everything in a state
 * directory so that later JVMs can report on it and tear it down. {@link io.tusk.local.Versions}
 * names the upstream versions; {@link io.tusk.local.Progress} prints the steps of a long operation.
 *
 * <p>The subpackages, in the order {@code up} uses them:
 *
 * <ul>
 *   <li>{@code host}: what the machine must offer, checked (and installed when root) first;
 *   <li>{@code binaries}: where each upstream program comes from, built from the Go modules into a
 *       version-keyed cache when needed;
 *   <li>{@code state}: the state directory's layout and {@code state.json};
 *   <li>{@code pki}: the throw-away CA, certificates and kubeconfigs;
 *   <li>{@code process}: detached processes, free ports, CPU share, log tails;
 *   <li>{@code components}: each component's flags, ports and health checks;
 *   <li>{@code crds}: which CRDs to install, and waiting until they are served;
 *   <li>{@code nodes}: the node agent, which keeps the nodes Ready and simulates or runs their
 *       pods;
 *   <li>{@code pods}: running pods as real processes (network, volumes, probes, Services, DNS);
 *   <li>{@code kubelet}: the nodes' kubelet API (logs, exec, port-forward);
 *   <li>{@code cli}: the {@code tusk local} commands;
 *   <li>{@code junit}: the {@code @LocalKubernetes} JUnit 5 extension for tests.
 * </ul>
 */
package io.tusk.local;
