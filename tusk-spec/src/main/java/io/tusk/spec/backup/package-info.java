/**
 * Desired objects for backups that live beside the cluster rather than in its pods: Zalando's
 * logical backup CronJob ({@link io.tusk.spec.backup.LogicalBackupJob}).
 */
package io.tusk.spec.backup;
