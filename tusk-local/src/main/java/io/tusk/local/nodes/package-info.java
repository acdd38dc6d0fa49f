/**
 * The three local nodes, one per zone, and the agent that stands in for their kubelets. {@link
 * io.tusk.local.nodes.LocalNodes} builds the Node objects (pure); {@link
 * io.tusk.local.nodes.NodeAgent} keeps them Ready (Leases and conditions), finalises deleted pods,
 * provisions volumes of the default StorageClass ({@link io.tusk.local.nodes.SimulatedVolumes}),
 * serves the kubelet API ({@code kubelet}), and either reports pods Running without starting
 * anything ({@link io.tusk.local.nodes.SimulatedPodStatus}, addresses from {@link
 * io.tusk.local.nodes.PodIpPool}, Spilo pods labelled with their role as Patroni would label them,
 * {@code SimulatedRoleLabel}) or runs them as processes ({@code pods}). {@link
 * io.tusk.local.nodes.NodeAgentMain} is the entry point of the detached agent JVM that {@code tusk
 * local up} starts; tests run the agent in their own JVM.
 */
package io.tusk.local.nodes;
