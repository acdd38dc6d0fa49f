/**
 * The API server's record of writes: the audit policy that {@code tusk local up --audit-writes}
 * (and the test control plane) give the API server, so that every create, update, patch and delete
 * is logged with who made it, and the reader that counts those writes by component over a time
 * window. Benchmarks and tests use it to see which component keeps writing while nothing happens.
 */
package io.tusk.local.audit;
