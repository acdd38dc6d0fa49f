/**
 * Volume growth carried out: {@link io.tusk.operator.volumes.VolumeSync} reads a cluster's data
 * claims when its declared {@code volume.size} changed, patches the ones that ask for less, and
 * says in Events (and the status message) what grew and what was refused. The decision is the pure
 * {@link io.tusk.spec.volume.VolumeGrowth} of tusk-spec.
 */
package io.tusk.operator.volumes;
