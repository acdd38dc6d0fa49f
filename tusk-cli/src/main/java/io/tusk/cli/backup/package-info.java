/**
 * {@code tusk backup}: a cluster's base backups and WAL archive as its pods see them ({@code wal-g
 * backup-list} and {@code pg_stat_archiver} through an exec into the primary, so it works with
 * Spilo's WAL-G as with the local image), and an on-demand base backup.
 */
package io.tusk.cli.backup;
