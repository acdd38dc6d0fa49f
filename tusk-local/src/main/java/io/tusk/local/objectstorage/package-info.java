/**
 * The local environment's S3-compatible object storage: versitygw serving a directory of the state
 * directory on the pod network's host address, its generated keys, its buckets and the Secret
 * through which clusters use it for WAL archives and backups.
 */
package io.tusk.local.objectstorage;
