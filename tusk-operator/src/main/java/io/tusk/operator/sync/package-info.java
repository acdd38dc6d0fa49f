/**
 * The object step and the deletion of a cluster: bringing Kubernetes objects to the desired state
 * built by tusk-spec, and removing them again.
 *
 * <ul>
 *   <li>{@link io.tusk.operator.sync.ObjectSync} applies a {@code io.tusk.spec.DesiredState} kind
 *       by kind in Zalando's order, against the current objects of the observe step's {@code
 *       ClusterWorld}: namespace objects ({@link io.tusk.operator.sync.NamespaceObjects}), master
 *       Endpoints, Services and PodDisruptionBudgets ({@link io.tusk.operator.sync.ObjectApplier}),
 *       credential Secrets (their one writer, {@link
 *       io.tusk.operator.sync.CredentialSecretWriter}), the StatefulSet ({@link
 *       io.tusk.operator.sync.StatefulSetSync}), the connection poolers' userlist Secrets,
 *       Deployments and Services (and the removal of those of a pooler turned off, {@link
 *       io.tusk.operator.sync.PoolerRemoval}), and the owner references and annotations on
 *       Patroni's objects;
 *   <li>{@link io.tusk.operator.sync.ObjectApplier} writes with server-side apply only when {@link
 *       io.tusk.operator.sync.SubsetMatcher} finds something missing from the actual object or
 *       {@link io.tusk.operator.sync.OwnedFields} finds something Tusk applied earlier that is no
 *       longer desired (which the apply removes; what others added stays);
 *   <li>{@link io.tusk.operator.sync.VerifiedStates} remembers the {@link
 *       io.tusk.operator.sync.Fingerprint} of the inputs under which a cluster's objects were last
 *       found exactly as desired, so that an unchanged cluster skips build and apply;
 *   <li>{@link io.tusk.operator.sync.ClusterDeletion} removes a deleted cluster's objects in the
 *       order of Zalando's {@code Delete}.
 * </ul>
 */
package io.tusk.operator.sync;
