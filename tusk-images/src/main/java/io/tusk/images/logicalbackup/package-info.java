/**
 * Zalando's logical backup image on the local node: {@link
 * io.tusk.images.logicalbackup.LogicalBackupImage} runs {@link
 * io.tusk.images.logicalbackup.LogicalBackupDump}, which does what the image's {@code dump.sh} does
 * (a replica chosen through the Kubernetes API, {@code pg_dumpall}, gzip, {@code aws s3 cp},
 * retention), with the local PostgreSQL client and the AWS CLI.
 */
package io.tusk.images.logicalbackup;
