/**
 * The Spilo image: Patroni with a local PostgreSQL build, configured from the container environment
 * as Spilo's {@code configure_spilo.py} would ({@link io.tusk.images.spilo.PatroniConfig}), plus
 * Tusk's replacement for {@code post_init.sh} ({@link io.tusk.images.spilo.PostBootstrap}), which
 * Patroni runs after bootstrap.
 */
package io.tusk.images.spilo;
