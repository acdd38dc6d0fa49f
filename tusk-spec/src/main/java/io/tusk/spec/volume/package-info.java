/**
 * Volume growth ({@code volume.size} and {@code storage_resize_mode}), decided purely: {@link
 * io.tusk.spec.volume.VolumeGrowth} says which of a cluster's data claims to patch to the declared
 * size, which are larger and left alone (a shrink is refused), and how large the StatefulSet's
 * claim template is. The operator step that reads the claims and patches them is {@code
 * io.tusk.operator.volumes.VolumeSync}; {@code tusk plan} shows the same decision.
 */
package io.tusk.spec.volume;
