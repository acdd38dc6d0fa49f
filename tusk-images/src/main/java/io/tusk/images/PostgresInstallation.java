package io.tusk.images;

import java.nio.file.Path;
import java.util.Set;

/**
 * One PostgreSQL build on this machine.
 *
 * @param major major version (15, 17, 18 ...)
 * @param version full version as reported by {@code pg_config --version}, e.g. "17.10"
 * @param binDir directory with {@code postgres}, {@code initdb}, {@code pg_ctl}, {@code
 *     pg_basebackup}, {@code pg_rewind} ...
 * @param ssl whether the server was built with OpenSSL (PostgreSQL 18 from PyPI is not)
 * @param libraries loadable modules in the package library directory, without {@code .so} (e.g.
 *     {@code pg_stat_statements}); decides what {@code shared_preload_libraries} may hold
 * @param extensions extensions with a control file (e.g. {@code pgcrypto})
 * @param source where the build comes from, for status output and container logs
 */
public record PostgresInstallation(
    int major,
    String version,
    Path binDir,
    boolean ssl,
    Set<String> libraries,
    Set<String> extensions,
    String source) {

  public PostgresInstallation {
    libraries = Set.copyOf(libraries);
    extensions = Set.copyOf(extensions);
  }

  public Path executable(String name) {
    return binDir.resolve(name);
  }
}
