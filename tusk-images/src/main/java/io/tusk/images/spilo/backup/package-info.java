/**
 * Spilo's WAL archiving and base backups in the local Spilo image: the envdir that {@code
 * configure_spilo.py} writes ({@link WalEnvironment}), a {@code wal-g} command with the subcommands
 * Spilo's scripts use, carried out by barman-cloud ({@link WalG}), {@code postgres_backup.sh} with
 * its retention rule ({@link PostgresBackup}, {@link Retention}) and the cron line that runs it on
 * {@code BACKUP_SCHEDULE} ({@link BackupCron}).
 */
package io.tusk.images.spilo.backup;
