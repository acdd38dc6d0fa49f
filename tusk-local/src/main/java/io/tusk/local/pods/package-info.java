/**
 * Pods as real processes, what a kubelet and a container runtime do for the local nodes, without
 * containers. {@link io.tusk.local.pods.PodRuntime} runs one {@code PodWorker} per pod bound to a
 * local node, keeps Service rules and the pods' hosts files in step with Services and
 * EndpointSlices, and relays the API server into the pod network. Images are launched by
 * tusk-images' catalog, plus the node's own {@code CommandImage} for small utility images.
 *
 * <ul>
 *   <li>sandbox: {@link io.tusk.local.pods.PodNetwork} (a bridge and a network namespace per pod,
 *       addresses from {@link io.tusk.local.pods.PodAddresses}), {@code HostVolumes} (volumes as
 *       host directories), {@code ServiceAccountKubeconfig}, {@link io.tusk.local.pods.ApiRelay};
 *   <li>containers: {@code PodEnvironment} (the kubelet's environment rules), {@code PodProcesses}
 *       (in the pod's namespace as the pod user), {@code ContainerRun} (restarts with back-off),
 *       {@code Probes}, per-run logs in the {@link io.tusk.local.pods.CriLog} format;
 *   <li>Services: {@link io.tusk.local.pods.ServiceProxy} (kube-proxy's iptables rules for
 *       ClusterIPs) and {@code ClusterDns} (names in each pod's hosts file);
 *   <li>status: {@code PodStatusReport}, as the kubelet reports it.
 * </ul>
 *
 * {@link io.tusk.local.pods.ContainerAccess} is what the kubelet API ({@code kubelet}) needs of a
 * running container.
 */
package io.tusk.local.pods;
