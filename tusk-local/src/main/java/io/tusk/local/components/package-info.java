/**
 * The upstream components of a local control plane as processes: {@link
 * io.tusk.local.components.Component} lists them in start order, {@link
 * io.tusk.local.components.ComponentFlags} assembles each one's command line from the state layout
 * and the {@link io.tusk.local.components.Ports} chosen for this control plane (pure, a kubeadm
 * control plane shrunk onto loopback), and {@link io.tusk.local.components.HealthChecks} asks each
 * whether it is ready. {@code io.tusk.local.LocalControlPlane} starts them through {@code process}.
 */
package io.tusk.local.components;
