/**
 * How the local node runs container images without a container runtime.
 *
 * <p>The node agent resolves an image reference with {@link io.tusk.images.ImageCatalog}, builds a
 * {@link io.tusk.images.ContainerContext} (resolved env, volume mounts as host paths, a scratch
 * directory, the pod user, the service account's kubeconfig) and starts the {@link
 * io.tusk.images.LaunchPlan} that {@link io.tusk.images.ContainerImage#prepare} returns, as the pod
 * user in the pod's network namespace. {@link io.tusk.images.Installations} says which software
 * exists where; {@link io.tusk.images.SoftwareInstaller} installs what is missing.
 *
 * <p>See {@code docs/images.md} for what each image does here and how it differs from the real
 * image.
 */
package io.tusk.images;
