/**
 * The reconcile of a {@code postgresql} resource.
 *
 * <ul>
 *   <li>{@link io.tusk.operator.reconciler.ClusterReconcile} is the path itself, top to bottom:
 *       observe ({@code observe}) → validate and build (tusk-spec, pure) → apply ({@code sync}) →
 *       database ({@code database}) → status ({@code status}). Its collaborators are passed in, so
 *       it is unit-tested with fakes.
 *   <li>{@link io.tusk.operator.reconciler.PostgresqlReconciler} is the JOSDK adapter: it registers
 *       the informers of the owned objects, filters the updates that need a reconcile, wires the
 *       real collaborators and handles deletion.
 *   <li>{@link io.tusk.operator.reconciler.ConfigChangeTrigger} queues every known cluster, a few
 *       at a time, when the operator configuration changes.
 * </ul>
 */
package io.tusk.operator.reconciler;
