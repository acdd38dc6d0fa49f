/**
 * Pure desired-state builders: a {@link io.tusk.spec.ClusterModel} (the {@code postgresql}
 * resource, the operator configuration and what the observe step read) goes in, fabric8 objects
 * come out. Nothing here talks to the API server, reads the environment or the clock; passwords
 * come from the {@link io.tusk.spec.PasswordSource} in the model.
 *
 * <p>Entry points:
 *
 * <ul>
 *   <li>{@link io.tusk.spec.validate.ManifestValidator#validate} decides whether a manifest is
 *       {@code Invalid} (with the JSON path of every offending field);
 *   <li>{@link io.tusk.spec.ClusterBuilder#build} returns the {@link io.tusk.spec.DesiredState}
 *       (StatefulSet, services, master endpoints in endpoints mode, credentials Secrets, PDBs, pod
 *       service account and role binding);
 *   <li>{@link io.tusk.spec.diff.StatefulSetComparison#compare} tells the sync step whether to
 *       leave, patch, roll or replace the StatefulSet;
 *   <li>{@link io.tusk.spec.roles.ClusterRoles} derives the cluster's roles once, for the Secrets,
 *       the validation and the SQL sync;
 *   <li>{@link io.tusk.spec.naming.ClusterNames} and {@link io.tusk.spec.labels.Labels} hold the
 *       Zalando naming and labelling rules for everyone else (sync steps, CLI, UI).
 * </ul>
 *
 * <p>Every builder mirrors a Zalando v2.0.1 function (named in its Javadoc) and keeps Zalando's
 * object names, labels, annotation keys, Spilo environment and {@code SPILO_CONFIGURATION} byte for
 * byte; deliberate differences are documented where they happen. The connection pooler's
 * Deployments and Services are built ({@link io.tusk.spec.pooler.ConnectionPoolers}) but not yet
 * applied by the operator. The logical backup CronJob and event streams are not built here yet: the
 * CronJob's name ({@link io.tusk.spec.naming.ClusterNames#logicalBackupCronJob}) already is, and
 * new builders plug into {@link io.tusk.spec.ClusterBuilder} next to the existing ones.
 */
package io.tusk.spec;
