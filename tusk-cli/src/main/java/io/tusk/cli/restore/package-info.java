/**
 * {@code tusk restore}: a logical backup (Zalando's {@code pg_dumpall | gzip} in S3) loaded into a
 * new or an existing cluster. {@link io.tusk.cli.restore.LogicalBackups} lists and opens the dumps
 * of a cluster in the bucket; {@link io.tusk.cli.restore.DumpFilter} (pure) leaves out what the
 * operator already made in the target (its roles, with their passwords, and its databases), so the
 * target's credential Secrets stay valid; {@link io.tusk.cli.restore.RestoreCommand} creates the
 * target when needed, waits for its primary and feeds the dump to {@code psql} there.
 */
package io.tusk.cli.restore;
