/**
 * The CRDs of a fresh control plane: {@link io.tusk.local.crds.CrdSource} finds them (explicit
 * paths, else tusk-api's {@code Crds} on the class path, else the repository's {@code
 * deploy/crds}), and {@link io.tusk.local.crds.CrdInstaller} installs them and waits until the API
 * server serves them.
 */
package io.tusk.local.crds;
