/**
 * What the operator knows of a cluster's backups. {@link io.tusk.operator.backup.BackupReport}
 * reads the answers of {@code wal-g backup-list --json --detail} and {@code pg_stat_archiver}
 * (pure); {@link io.tusk.operator.backup.PodExec} runs a command in a pod's container; {@link
 * io.tusk.operator.backup.BackupStatusRefresher} asks each archiving cluster's primary every {@code
 * backup_status_interval} and writes the findings to {@code status.backup} of its {@code
 * postgresql}, with the last success of its logical backup CronJob. The same reading serves {@code
 * tusk backup list}.
 */
package io.tusk.operator.backup;
