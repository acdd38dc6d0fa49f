/**
 * Zalando's operator REST API on {@code api_port}: {@link io.tusk.operator.api.ZalandoApi} answers
 * its paths with its JSON keys; {@link io.tusk.operator.api.Workers} presents Tusk's reconcile
 * threads as Zalando's workers (assignment, current cluster and process, queue); {@link
 * io.tusk.operator.api.ClusterLogs} keeps the recent log lines of each cluster and worker; {@link
 * io.tusk.operator.api.ClusterHistory} the changes of each manifest the operator acted on. The HTTP
 * server itself is {@link io.tusk.operator.health.OperatorHttpServer}.
 */
package io.tusk.operator.api;
