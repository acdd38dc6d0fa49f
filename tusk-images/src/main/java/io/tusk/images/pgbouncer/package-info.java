/**
 * Zalando's connection pooler image: PgBouncer with the configuration the image's {@code
 * entrypoint.sh} renders from the pooler container's environment.
 */
package io.tusk.images.pgbouncer;
