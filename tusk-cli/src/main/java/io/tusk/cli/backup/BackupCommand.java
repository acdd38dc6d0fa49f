package io.tusk.cli.backup;

import picocli.CommandLine.Command;

/** {@code tusk backup list|create CLUSTER}. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = "A cluster's base backups and WAL archive; an on-demand base backup.",
    subcommands = {BackupListCommand.class, BackupCreateCommand.class})
public final class BackupCommand {}
