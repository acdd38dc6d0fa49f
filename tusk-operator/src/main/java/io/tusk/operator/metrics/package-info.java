/**
 * The operator's Prometheus metrics, served on {@code /metrics} of its HTTP port: {@link
 * io.tusk.operator.metrics.OperatorMetrics} holds the registry (Micrometer's Prometheus registry),
 * JOSDK's reconcile meters (without per-resource labels), the JVM's, and Tusk's own: clusters by
 * status, Events by reason, switchovers and their duration, pooler pauses and reconnects. {@link
 * io.tusk.operator.metrics.MeteredEvents} counts the Events the operator records. Every metric is
 * listed in docs/metrics.md. No metric carries a secret, and none a per-cluster label: their number
 * does not grow with the clusters.
 */
package io.tusk.operator.metrics;
