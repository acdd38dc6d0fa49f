/**
 * The web UI, served beside the operator ({@code tusk ui}): {@link io.tusk.ui.UiServer} renders the
 * pages (Mustache templates under {@code io/tusk/ui/templates}) and does the writes; {@link
 * io.tusk.ui.ClusterViews} reads what they show from the API server, Patroni and the operator's
 * REST API ({@link io.tusk.ui.OperatorApi}); {@link io.tusk.ui.UiSettings} says where it listens,
 * with which token and whether it is read-only. The forms themselves are pure functions in {@link
 * io.tusk.ui.form}.
 */
package io.tusk.ui;
