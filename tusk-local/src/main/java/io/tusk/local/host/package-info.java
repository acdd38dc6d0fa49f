/**
 * What the machine must offer before the local environment starts: {@link
 * io.tusk.local.host.HostRequirement} declares each program with the Debian package that brings it
 * and what it is used for; {@link io.tusk.local.host.HostPrerequisites} checks them (and the Go
 * toolchain when binaries must be built), installs what is missing when running as root, and
 * otherwise stops before any work with one message naming every missing piece and its install
 * command. {@link io.tusk.local.host.NetworkProbe} proves, at the end of {@code tusk local up},
 * that Service addresses and cluster DNS work from the host and from inside a pod.
 */
package io.tusk.local.host;
