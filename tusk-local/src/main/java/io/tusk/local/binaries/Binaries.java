package io.tusk.local.binaries;

import java.nio.file.Path;

/**
 * Paths of the upstream programs the local control plane runs.
 *
 * @param kubectl may be null when taken from a directory that has none
 * @param versitygw the S3 gateway of the local object storage (real pods only)
 */
public record Binaries(
    Path etcd,
    Path kubeApiserver,
    Path kubeControllerManager,
    Path kubeScheduler,
    Path kubectl,
    Path versitygw) {}
