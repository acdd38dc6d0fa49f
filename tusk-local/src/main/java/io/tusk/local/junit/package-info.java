/**
 * Tests against a local control plane: annotate a class with {@link
 * io.tusk.local.junit.LocalKubernetes} and {@link io.tusk.local.junit.LocalKubernetesExtension}
 * starts one control plane per test JVM (in a temporary state directory, with the node agent in the
 * JVM), gives each test class a fresh namespace, and injects a {@code KubernetesClient} and a
 * {@link io.tusk.local.junit.LocalCluster} into parameters and into fields marked {@link
 * io.tusk.local.junit.InjectClient} or {@link io.tusk.local.junit.InjectCluster}.
 */
package io.tusk.local.junit;
