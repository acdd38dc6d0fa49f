package io.tusk.spec;

import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import java.util.Map;
import java.util.Objects;

/**
 * The immutable input of every builder for one reconcile: the {@code postgresql} resource as
 * written by the user, the operator configuration, and what the observe step read from the cluster.
 * Replaces the state Zalando keeps on its {@code cluster.Cluster} object.
 */
public record ClusterModel(Postgresql cluster, OperatorConfig config, Observed observed) {

  public ClusterModel {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(cluster.getMetadata(), "cluster.metadata");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(observed, "observed");
  }

  /** A model with nothing observed (see {@link Observed#none()}). */
  public static ClusterModel of(Postgresql cluster, OperatorConfig config) {
    return new ClusterModel(cluster, config, Observed.none());
  }

  /** {@code metadata.name}: the cluster name used in every object name. */
  public String name() {
    return cluster.getMetadata().getName();
  }

  /** {@code metadata.namespace}, never null ({@code ""} when unset, as in a local render). */
  public String namespace() {
    String ns = cluster.getMetadata().getNamespace();
    return ns == null ? "" : ns;
  }

  /** {@code metadata.uid}, {@code ""} when the resource was not read from the API server. */
  public String uid() {
    String uid = cluster.getMetadata().getUid();
    return uid == null ? "" : uid;
  }

  /** The spec; an empty one when missing, so builders need no null checks on it. */
  public PostgresSpec spec() {
    PostgresSpec spec = cluster.getSpec();
    return spec == null ? new PostgresSpec() : spec;
  }

  /** {@code spec.teamId}, {@code ""} when unset. */
  public String teamId() {
    String team = spec().getTeamId();
    return team == null ? "" : team;
  }

  /** Annotations of the resource, never null. */
  public Map<String, String> annotations() {
    Map<String, String> a = cluster.getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }

  /** Labels of the resource, never null. */
  public Map<String, String> labels() {
    Map<String, String> l = cluster.getMetadata().getLabels();
    return l == null ? Map.of() : l;
  }

  /** Returns a copy with other observations. */
  public ClusterModel withObserved(Observed other) {
    return new ClusterModel(cluster, config, other);
  }

  /** Returns a copy with another configuration. */
  public ClusterModel withConfig(OperatorConfig other) {
    return new ClusterModel(cluster, other, observed);
  }
}
