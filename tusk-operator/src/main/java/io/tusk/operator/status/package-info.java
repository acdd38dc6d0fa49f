/**
 * The last step of a reconcile: what it reports. {@link io.tusk.operator.status.ClusterStatusRule}
 * decides the status ({@code Creating}, {@code Running}, {@code SyncFailed}, ...) as a pure
 * function of the {@link io.tusk.operator.status.Phase} and what the reconcile learnt; {@link
 * io.tusk.operator.status.StatusWriter} patches it through the status subresource when it changes.
 * {@link io.tusk.operator.status.EventRecorder} records Events with Zalando's {@link
 * io.tusk.operator.status.EventReason reasons}, folding repeats into one. {@link
 * io.tusk.operator.status.StatusSink} and {@link io.tusk.operator.status.EventSink} are the seams
 * tests collect through.
 */
package io.tusk.operator.status;
