/**
 * Where the upstream programs come from. {@link io.tusk.local.binaries.BinaryResolver} takes them
 * from a directory the user provides when it holds them, otherwise from the per-user, version-keyed
 * {@link io.tusk.local.binaries.BinaryCache}, building missing versions when allowed; the result is
 * a {@link io.tusk.local.binaries.Binaries}. Builds are {@link
 * io.tusk.local.binaries.GoBuildRecipe}s (a throw-away wrapper module, rendered purely) for {@link
 * io.tusk.local.binaries.EtcdRecipe etcd} and {@link io.tusk.local.binaries.KubernetesRecipe
 * Kubernetes}, run by {@link io.tusk.local.binaries.GoBuilder} with the toolchain {@link
 * io.tusk.local.binaries.GoToolchain} finds or provisions.
 */
package io.tusk.local.binaries;
