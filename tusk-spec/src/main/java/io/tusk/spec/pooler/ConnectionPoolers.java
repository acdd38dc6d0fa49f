package io.tusk.spec.pooler;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.ServiceSpecBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.tusk.api.acid.v1.ConnectionPooler;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.ResourceDescription;
import io.tusk.api.acid.v1.Resources;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.OwnerReferences;
import io.tusk.spec.PostgresRole;
import io.tusk.spec.labels.Annotations;
import io.tusk.spec.labels.Labels;
import io.tusk.spec.naming.ClusterNames;
import io.tusk.spec.network.Services;
import io.tusk.spec.pod.ContainerResources;
import io.tusk.spec.pod.PodVolumes;
import io.tusk.spec.pod.Scheduling;
import io.tusk.spec.roles.ClusterRoles;
import io.tusk.spec.secret.UserSecrets;
import io.tusk.spec.spilo.EnvVars;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The connection pooler's Deployment and Service per role. Mirrors {@code
 * connection_pooler.go#needMasterConnectionPoolerWorker/needReplicaConnectionPoolerWorker,
 * connectionPoolerLabels, getConnectionPoolerEnvVars, generateConnectionPoolerPodTemplate,
 * generateConnectionPoolerDeployment, generateConnectionPoolerService,
 * generatePoolerServiceAnnotations} (v2.0.1):
 *
 * <ul>
 *   <li>primary pooler when {@code enableConnectionPooler: true}, or when a {@code
 *       connectionPooler} section is present and {@code enableConnectionPooler} is unset; replica
 *       pooler when {@code enableReplicaConnectionPooler: true}. There is no configuration option
 *       that enables poolers for every cluster;
 *   <li>labels: the cluster's labels with {@code application: db-connection-pooler} and {@code
 *       connection-pooler: {name}}; object and pod labels add team, inherited labels and {@code
 *       spilo-role}; the Deployment selector and the Service labels do not;
 *   <li>container {@code connection-pooler}: image {@code connectionPooler.dockerImage} else {@code
 *       connection_pooler_image}, port 5432, TCP readiness probe on 5432, no privilege escalation,
 *       runs as user 100 / group 101 with the cluster's fsGroup;
 *   <li>environment: {@code PGHOST} (the master or replica Service), {@code PGPORT}, {@code
 *       PGUSER}/{@code PGPASSWORD} from the pooler user's credentials Secret, {@code PGSCHEMA}, and
 *       the pool sizes: {@code CONNECTION_POOLER_MAX_DB_CONN} is {@code maxDBConnections} (else
 *       {@code connection_pooler_max_db_connections}) divided by the number of instances, {@code
 *       DEFAULT_SIZE} half of it, {@code MIN_SIZE} and {@code RESERVE_SIZE} half of that (integer
 *       division), {@code MAX_CLIENT_CONN} 10000; with {@code tls} the client TLS files;
 *   <li>the userlist Secret {@code {name}-u} mounted at {@code /etc/pgbouncer/userlist.txt};
 *   <li>tolerations and node affinity as for the database pods, pod anti-affinity among the
 *       pooler's own pods with {@code enable_pod_antiaffinity};
 *   <li>Service: port named like the pooler, selector {@code connection-pooler: {name}}, ClusterIP
 *       unless {@code enable*PoolerNodePort} / {@code enable*PoolerLoadBalancer} (manifest over
 *       configuration) ask for a NodePort or a load balancer.
 * </ul>
 *
 * <p>The userlist Secret {@code {name}-u} ({@code generateConnectionPoolerAuthSecret,
 * generateUserlist}) holds {@code userlist.txt}: the pooler role and its password, from the role's
 * credentials Secret, in PgBouncer's {@code auth_file} format; it carries the Deployment's labels.
 *
 * <p>Differences: {@code PGUSER}/{@code PGPASSWORD} read the Secret of the role the cluster really
 * gets ({@link ClusterRoles#poolerUser()}); Zalando reads the Secret of {@code
 * connectionPooler.user} even when it refused that name (superuser, protected or system role).
 * {@code INFRASTRUCTURE_ROLES} is not set and the userlist has no infrastructure roles: they are
 * not part of the model yet. A double quote in the password is doubled in the userlist, as
 * PgBouncer's {@code auth_file} format asks; Zalando writes it as it is.
 */
public final class ConnectionPoolers {

  /** Name of the pooler container. */
  public static final String CONTAINER = "connection-pooler";

  /** {@code application} label value of pooler objects. */
  public static final String APPLICATION = "db-connection-pooler";

  /** Label naming the pooler a pod belongs to. */
  public static final String POOLER_LABEL = "connection-pooler";

  /** Zalando's {@code ConnectionPoolerMaxClientConnections}. */
  public static final int MAX_CLIENT_CONNECTIONS = 10000;

  /** Zalando's {@code ConnectionPoolerMinInstances}. */
  public static final int MIN_INSTANCES = 1;

  /** Zalando's {@code ConnectionPoolerMaxDBConnections}, used when nothing else says. */
  public static final int DEFAULT_MAX_DB_CONNECTIONS = 60;

  static final long RUN_AS_USER = 100;
  static final long RUN_AS_GROUP = 101;
  static final String USERLIST_PATH = "/etc/pgbouncer/userlist.txt";

  /** Key of the userlist in the pooler's userlist Secret. */
  public static final String USERLIST_KEY = "userlist.txt";

  private static final int PORT = Services.PORT;
  private static final Duration DEFAULT_GRACE_PERIOD = Duration.ofMinutes(5);

  private ConnectionPoolers() {}

  /** Whether the manifest asks for a pooler of this role. */
  public static boolean enabled(PostgresSpec spec, PostgresRole role) {
    if (role == PostgresRole.MASTER) {
      return Boolean.TRUE.equals(spec.getEnableConnectionPooler())
          || (spec.getConnectionPooler() != null && spec.getEnableConnectionPooler() == null);
    }
    return Boolean.TRUE.equals(spec.getEnableReplicaConnectionPooler());
  }

  /** The roles with a pooler, primary first. */
  public static List<PostgresRole> enabledRoles(ClusterModel model) {
    List<PostgresRole> roles = new ArrayList<>();
    for (PostgresRole role : PostgresRole.values()) {
      if (enabled(model.spec(), role)) {
        roles.add(role);
      }
    }
    return roles;
  }

  /**
   * Userlist Secret, Deployment and Service of every enabled role, primary first; empty without
   * pooler.
   *
   * @param credentialSecrets the cluster's credentials Secrets as built ({@link UserSecrets}): the
   *     pooler role's password is read from its Secret, so the userlist always agrees with it
   */
  public static List<HasMetadata> build(ClusterModel model, List<Secret> credentialSecrets) {
    List<HasMetadata> result = new ArrayList<>();
    List<PostgresRole> roles = enabledRoles(model);
    if (roles.isEmpty()) {
      return result;
    }
    String password = poolerPassword(model, credentialSecrets);
    for (PostgresRole role : roles) {
      result.add(authSecret(model, role, password));
      result.add(deployment(model, role));
      result.add(service(model, role));
    }
    return result;
  }

  /**
   * The password of the pooler role: from its credentials Secret among {@code credentialSecrets},
   * else from the existing Secret observed, else empty.
   */
  static String poolerPassword(ClusterModel model, List<Secret> credentialSecrets) {
    String secretName = ClusterNames.of(model).credentialSecret(poolerUser(model));
    for (Secret s : credentialSecrets) {
      if (secretName.equals(s.getMetadata().getName())) {
        String password = UserSecrets.passwordOf(s);
        if (password != null) {
          return password;
        }
      }
    }
    return model.observed().existingPasswords().getOrDefault(secretName, "");
  }

  /**
   * The userlist Secret {@code {name}-u} the pooler pods mount ({@code
   * generateConnectionPoolerAuthSecret}): the Deployment's labels, inherited annotations, owner
   * references, type Opaque, and {@code userlist.txt} with the pooler role and its password.
   */
  public static Secret authSecret(ClusterModel model, PostgresRole role, String password) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(ClusterNames.of(model).poolerAuthSecret(role))
        .withNamespace(namespace(model))
        .withLabels(labels(model, role, true))
        .withAnnotations(Annotations.orNull(Annotations.of(model).inherited()))
        .withOwnerReferences(OwnerReferences.forChild(model))
        .endMetadata()
        .withType("Opaque")
        .withData(
            Map.of(
                USERLIST_KEY,
                Base64.getEncoder()
                    .encodeToString(
                        userlist(poolerUser(model), password).getBytes(StandardCharsets.UTF_8))))
        .build();
  }

  /**
   * PgBouncer's {@code auth_file} line of one role ({@code generateUserlist}): {@code "user"
   * "password"} and a newline, a double quote inside a field doubled.
   */
  public static String userlist(String user, String password) {
    return quote(user) + " " + quote(password) + "\n";
  }

  private static String quote(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }

  /**
   * Pooler labels ({@code connectionPoolerLabels}): the cluster's labels (with team and inherited
   * labels when {@code withExtra}) with {@code application: db-connection-pooler} and {@code
   * connection-pooler: {name}}, plus the role label when {@code withExtra}.
   */
  public static Map<String, String> labels(
      ClusterModel model, PostgresRole role, boolean withExtra) {
    Labels labels = Labels.of(model);
    Map<String, String> result = withExtra ? labels.withExtra() : labels.base();
    result.put("application", APPLICATION);
    result.put(POOLER_LABEL, ClusterNames.of(model).pooler(role));
    if (withExtra) {
      result.put(labels.roleLabel(), role.labelValue());
    }
    return result;
  }

  /** Instances: the manifest's, else {@code connection_pooler_number_of_instances}, at least 1. */
  public static int instances(ClusterModel model) {
    return Math.max(configuredInstances(model), MIN_INSTANCES);
  }

  /** The pool sizes per pooler instance ({@code getConnectionPoolerEnvVars}). */
  public record PoolSizes(int maxDbConnections, int defaultSize, int minSize, int reserveSize) {}

  /**
   * {@code maxDBConnections} (else {@code connection_pooler_max_db_connections}, else 60) split
   * across the instances, as the pooler's environment states it.
   */
  public static PoolSizes poolSizes(ClusterModel model) {
    ConnectionPooler pooler = section(model);
    Integer total = pooler.getMaxDBConnections();
    if (total == null) {
      total = model.config().get(Options.CONNECTION_POOLER_MAX_DB_CONNECTIONS);
    }
    if (total == null) {
      total = DEFAULT_MAX_DB_CONNECTIONS;
    }
    // The split uses the instances before the minimum is applied, as Zalando does; validation
    // keeps them at 1 or more.
    int perInstance = total / Math.max(configuredInstances(model), 1);
    int defaultSize = perInstance / 2;
    int minSize = defaultSize / 2;
    return new PoolSizes(perInstance, defaultSize, minSize, minSize);
  }

  /** The pooler's Deployment ({@code generateConnectionPoolerDeployment}). */
  public static Deployment deployment(ClusterModel model, PostgresRole role) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(ClusterNames.of(model).pooler(role))
        .withNamespace(namespace(model))
        .withLabels(labels(model, role, true))
        .withAnnotations(Annotations.orNull(Annotations.of(model).statefulSet()))
        .withOwnerReferences(OwnerReferences.forChild(model))
        .endMetadata()
        .withNewSpec()
        .withReplicas(instances(model))
        .withSelector(
            new LabelSelectorBuilder().withMatchLabels(labels(model, role, false)).build())
        .withTemplate(podTemplate(model, role))
        .endSpec()
        .build();
  }

  /** The pooler's Service ({@code generateConnectionPoolerService}). */
  public static Service service(ClusterModel model, PostgresRole role) {
    OperatorConfig config = model.config();
    String name = ClusterNames.of(model).pooler(role);
    ServiceSpecBuilder spec =
        new ServiceSpecBuilder()
            .withPorts(
                new ServicePortBuilder()
                    .withName(name)
                    .withPort(PORT)
                    .withTargetPort(new IntOrString(PORT))
                    .build())
            .withType("ClusterIP")
            .withSelector(Map.of(POOLER_LABEL, name));
    Services.expose(spec, model, nodePort(model, role), loadBalancer(model, role));
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace(model))
        .withLabels(labels(model, role, false))
        .withAnnotations(
            Annotations.orNull(Annotations.of(model).inherited(serviceAnnotations(model, role))))
        .withOwnerReferences(OwnerReferences.forChild(model))
        .endMetadata()
        .withSpec(spec.build())
        .build();
  }

  /**
   * Whether the pooler Service is a load balancer: {@code enable*PoolerLoadBalancer} in the
   * manifest, else {@code enable_*_pooler_load_balancer}.
   */
  public static boolean loadBalancer(ClusterModel model, PostgresRole role) {
    PostgresSpec spec = model.spec();
    boolean master = role == PostgresRole.MASTER;
    Boolean manifest =
        master
            ? spec.getEnableMasterPoolerLoadBalancer()
            : spec.getEnableReplicaPoolerLoadBalancer();
    if (manifest != null) {
      return manifest;
    }
    return Boolean.TRUE.equals(
        model
            .config()
            .get(
                master
                    ? Options.ENABLE_MASTER_POOLER_LOAD_BALANCER
                    : Options.ENABLE_REPLICA_POOLER_LOAD_BALANCER));
  }

  /**
   * Whether the pooler Service is a NodePort: {@code enable*PoolerNodePort} with {@code
   * *PoolerNodePort} in the manifest, else {@code enable_*_pooler_node_port}.
   */
  public static Services.NodePort nodePort(ClusterModel model, PostgresRole role) {
    PostgresSpec spec = model.spec();
    boolean master = role == PostgresRole.MASTER;
    Boolean manifest =
        master ? spec.getEnableMasterPoolerNodePort() : spec.getEnableReplicaPoolerNodePort();
    if (manifest != null) {
      Integer port = master ? spec.getMasterPoolerNodePort() : spec.getReplicaPoolerNodePort();
      return new Services.NodePort(manifest, port == null ? 0 : port);
    }
    return new Services.NodePort(
        Boolean.TRUE.equals(
            model
                .config()
                .get(
                    master
                        ? Options.ENABLE_MASTER_POOLER_NODE_PORT
                        : Options.ENABLE_REPLICA_POOLER_NODE_PORT)),
        0);
  }

  /**
   * Service annotations before inherited ones: as for the cluster's Services, with the external-dns
   * name of {@code {cluster}-pooler} (master and replica DNS formats, no legacy name) for a load
   * balancer.
   */
  static Map<String, String> serviceAnnotations(ClusterModel model, PostgresRole role) {
    PostgresSpec spec = model.spec();
    Map<String, String> result =
        new TreeMap<>(model.config().get(Options.CUSTOM_SERVICE_ANNOTATIONS));
    putAll(result, spec.getServiceAnnotations());
    putAll(
        result,
        role == PostgresRole.MASTER
            ? spec.getMasterServiceAnnotations()
            : spec.getReplicaServiceAnnotations());
    if (!nodePort(model, role).enabled() && loadBalancer(model, role)) {
      OperatorConfig config = model.config();
      String dns =
          ClusterNames.format(
                  config.get(
                      role == PostgresRole.MASTER
                          ? Options.MASTER_DNS_NAME_FORMAT
                          : Options.REPLICA_DNS_NAME_FORMAT),
                  "cluster",
                  ClusterNames.of(model).pooler(PostgresRole.MASTER),
                  "namespace",
                  model.namespace(),
                  "team",
                  model.teamId(),
                  "hostedzone",
                  config.get(Options.DB_HOSTED_ZONE))
              .toLowerCase(Locale.ROOT);
      result.put(Annotations.EXTERNAL_DNS_HOSTNAME, dns);
    }
    return result;
  }

  /** The pooler's environment, in Zalando's order. */
  public static List<EnvVar> env(ClusterModel model, PostgresRole role) {
    ConnectionPooler pooler = section(model);
    ClusterNames names = ClusterNames.of(model);
    String userSecret = names.credentialSecret(poolerUser(model));
    PoolSizes sizes = poolSizes(model);
    List<EnvVar> env = new ArrayList<>();
    env.add(EnvVars.value("PGHOST", names.service(role)));
    env.add(EnvVars.value("PGPORT", String.valueOf(PORT)));
    env.add(EnvVars.secretKeyRef("PGUSER", userSecret, "username"));
    env.add(
        EnvVars.value(
            "PGSCHEMA",
            coalesce(pooler.getSchema(), model.config().get(Options.CONNECTION_POOLER_SCHEMA))));
    env.add(EnvVars.secretKeyRef("PGPASSWORD", userSecret, "password"));
    env.add(EnvVars.value("CONNECTION_POOLER_PORT", String.valueOf(PORT)));
    env.add(
        EnvVars.value(
            "CONNECTION_POOLER_MODE",
            coalesce(pooler.getMode(), model.config().get(Options.CONNECTION_POOLER_MODE))));
    env.add(EnvVars.value("CONNECTION_POOLER_DEFAULT_SIZE", String.valueOf(sizes.defaultSize())));
    env.add(EnvVars.value("CONNECTION_POOLER_MIN_SIZE", String.valueOf(sizes.minSize())));
    env.add(EnvVars.value("CONNECTION_POOLER_RESERVE_SIZE", String.valueOf(sizes.reserveSize())));
    env.add(
        EnvVars.value("CONNECTION_POOLER_MAX_CLIENT_CONN", String.valueOf(MAX_CLIENT_CONNECTIONS)));
    env.add(
        EnvVars.value("CONNECTION_POOLER_MAX_DB_CONN", String.valueOf(sizes.maxDbConnections())));
    if (PodVolumes.tlsEnabled(model.spec())) {
      for (EnvVar tls : PodVolumes.tlsEnv(model.spec().getTls())) {
        env.add(EnvVars.value(tlsEnvName(tls.getName()), tls.getValue()));
      }
    }
    return env;
  }

  /**
   * Requests and limits from the manifest, else the {@code connection_pooler_default_*} options.
   */
  public static Resources defaultResources(OperatorConfig config) {
    ResourceDescription requests = new ResourceDescription();
    requests.setCpu(config.get(Options.CONNECTION_POOLER_DEFAULT_CPU_REQUEST));
    requests.setMemory(config.get(Options.CONNECTION_POOLER_DEFAULT_MEMORY_REQUEST));
    ResourceDescription limits = new ResourceDescription();
    limits.setCpu(config.get(Options.CONNECTION_POOLER_DEFAULT_CPU_LIMIT));
    limits.setMemory(config.get(Options.CONNECTION_POOLER_DEFAULT_MEMORY_LIMIT));
    Resources r = new Resources();
    r.setRequests(requests);
    r.setLimits(limits);
    return r;
  }

  static PodTemplateSpec podTemplate(ClusterModel model, PostgresRole role) {
    OperatorConfig config = model.config();
    PostgresSpec spec = model.spec();
    ConnectionPooler pooler = section(model);
    String userlist = ClusterNames.of(model).poolerAuthSecret(role);

    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName(userlist)
            .withNewSecret()
            .withSecretName(userlist)
            .endSecret()
            .build());
    mounts.add(
        new VolumeMountBuilder()
            .withName(userlist)
            .withMountPath(USERLIST_PATH)
            .withSubPath("userlist.txt")
            .withReadOnly(true)
            .build());
    if (PodVolumes.tlsEnabled(spec)) {
      for (PodVolumes.Mount m : PodVolumes.tlsMounts(spec.getTls())) {
        volumes.add(m.volume());
        mounts.add(
            new VolumeMountBuilder().withName(m.name()).withMountPath(m.mountPath()).build());
      }
    }

    Container container =
        new ContainerBuilder()
            .withName(CONTAINER)
            .withImage(
                coalesce(pooler.getDockerImage(), config.get(Options.CONNECTION_POOLER_IMAGE)))
            .withImagePullPolicy("IfNotPresent")
            .withResources(
                ContainerResources.build(
                    model,
                    pooler.getResources(),
                    defaultResources(config),
                    CONTAINER,
                    "spec.connectionPooler.resources"))
            .addNewPort()
            .withContainerPort(PORT)
            .withProtocol("TCP")
            .endPort()
            .withNewReadinessProbe()
            .withNewTcpSocket()
            .withPort(new IntOrString(PORT))
            .endTcpSocket()
            .endReadinessProbe()
            .withNewSecurityContext()
            .withAllowPrivilegeEscalation(false)
            .endSecurityContext()
            .withEnv(env(model, role))
            .withVolumeMounts(mounts)
            .build();

    Long fsGroup =
        spec.getSpiloFSGroup() != null ? spec.getSpiloFSGroup() : config.get(Options.SPILO_FSGROUP);
    Affinity nodeAffinity = Scheduling.nodeAffinity(config, spec.getNodeAffinity());
    Affinity affinity =
        Boolean.TRUE.equals(config.get(Options.ENABLE_POD_ANTIAFFINITY))
            ? Scheduling.podAntiAffinity(config, labels(model, role, false), nodeAffinity)
            : nodeAffinity;

    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(labels(model, role, true))
        .withNamespace(namespace(model))
        .withAnnotations(Annotations.orNull(Annotations.of(model).inherited(podAnnotations(model))))
        .endMetadata()
        .withNewSpec()
        .withTerminationGracePeriodSeconds(gracePeriodSeconds(config))
        .withContainers(container)
        .withTolerations(Scheduling.tolerations(config, spec.getTolerations()))
        .withVolumes(volumes)
        .withSecurityContext(
            new PodSecurityContextBuilder()
                .withRunAsUser(RUN_AS_USER)
                .withRunAsGroup(RUN_AS_GROUP)
                .withFsGroup(fsGroup)
                .build())
        .withServiceAccountName(config.get(Options.POD_SERVICE_ACCOUNT_NAME))
        .withAffinity(affinity)
        .endSpec()
        .build();
  }

  /** {@code custom_pod_annotations} overridden by {@code podAnnotations} (no kube2iam role). */
  private static Map<String, String> podAnnotations(ClusterModel model) {
    Map<String, String> result = new TreeMap<>(model.config().get(Options.CUSTOM_POD_ANNOTATIONS));
    putAll(result, model.spec().getPodAnnotations());
    return result;
  }

  /** The role the pooler logs in as: the one {@link ClusterRoles} creates. */
  public static String poolerUser(ClusterModel model) {
    String user = ClusterRoles.of(model.cluster(), model.config()).poolerUser();
    return user != null ? user : model.config().get(Options.CONNECTION_POOLER_USER);
  }

  private static int configuredInstances(ClusterModel model) {
    Integer n = section(model).getNumberOfInstances();
    if (n == null) {
      n = model.config().get(Options.CONNECTION_POOLER_NUMBER_OF_INSTANCES);
    }
    return n == null ? 1 : n;
  }

  private static ConnectionPooler section(ClusterModel model) {
    ConnectionPooler pooler = model.spec().getConnectionPooler();
    return pooler == null ? new ConnectionPooler() : pooler;
  }

  private static String tlsEnvName(String spiloName) {
    return switch (spiloName) {
      case "SSL_CERTIFICATE_FILE" -> "CONNECTION_POOLER_CLIENT_TLS_CRT";
      case "SSL_PRIVATE_KEY_FILE" -> "CONNECTION_POOLER_CLIENT_TLS_KEY";
      case "SSL_CA_FILE" -> "CONNECTION_POOLER_CLIENT_CA_FILE";
      default -> throw new IllegalStateException("unknown TLS variable " + spiloName);
    };
  }

  private static long gracePeriodSeconds(OperatorConfig config) {
    Duration d = config.get(Options.POD_TERMINATE_GRACE_PERIOD);
    if (d == null || d.isZero()) {
      d = DEFAULT_GRACE_PERIOD;
    }
    return d.getSeconds();
  }

  private static String namespace(ClusterModel model) {
    return model.namespace().isEmpty() ? null : model.namespace();
  }

  private static String coalesce(String value, String fallback) {
    return value == null || value.isEmpty() ? fallback : value;
  }

  private static void putAll(Map<String, String> target, Map<String, String> source) {
    if (source != null) {
      target.putAll(source);
    }
  }
}
