package io.tusk.operator.database;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link PrimaryResolver}: Zalando's way where cluster DNS names resolve, the master
 * Service's ClusterIP where they do not, so that the operator reaches primaries whether it runs in
 * a pod, on the host of {@code tusk local} or anywhere else with a kubeconfig, without a flag.
 *
 * <ul>
 *   <li>Where {@code kubernetes.default.svc.{cluster_domain}} (the API server's Service, present in
 *       every cluster) resolves, the sync connects to {@code {cluster}.{namespace}.svc.{
 *       cluster_domain}:5432} with {@code sslmode=require}, as {@link ServiceDnsPrimaryResolver}
 *       and Zalando do.
 *   <li>Otherwise it connects to {@code spec.clusterIP} of the master Service {@code {cluster}}
 *       (from the operator's informer cache when offered, else read from the API server) with
 *       {@code sslmode=prefer}, as {@link AddressPrimaryResolver} does.
 * </ul>
 *
 * <p>One lookup per cluster domain decides for every cluster, and its answer is kept: a name that
 * resolved for {@link #RESOLVED_TTL}, one that did not for {@link #UNRESOLVED_TTL} (so an operator
 * whose DNS comes up later switches within minutes). A reconcile never waits on DNS otherwise. The
 * choice is logged when it is first made and whenever it changes, not per cluster or retry.
 */
public final class AutoPrimaryResolver implements PrimaryResolver {
  private static final Logger LOG = LoggerFactory.getLogger(AutoPrimaryResolver.class);
  static final Duration RESOLVED_TTL = Duration.ofMinutes(10);
  static final Duration UNRESOLVED_TTL = Duration.ofMinutes(2);

  /** Resolves a host name, throwing {@link UnknownHostException} when it does not resolve. */
  @FunctionalInterface
  interface Dns {
    void resolve(String host) throws UnknownHostException;
  }

  /** Which way primaries are reached, and why. */
  record Choice(boolean dns, String probe, String reason, Instant until) {}

  private final KubernetesClient client;
  private final Dns dns;
  private final Clock clock;
  private final Map<String, Choice> choices = new ConcurrentHashMap<>();
  private final AtomicReference<Boolean> announced = new AtomicReference<>();
  private volatile ServiceCache services = (namespace, name) -> Optional.empty();

  public AutoPrimaryResolver(KubernetesClient client) {
    this(client, InetAddress::getAllByName, Clock.systemUTC());
  }

  AutoPrimaryResolver(KubernetesClient client, Dns dns, Clock clock) {
    this.client = client;
    this.dns = dns;
    this.clock = clock;
  }

  @Override
  public Optional<Primary> resolve(Postgresql cluster, OperatorConfig config) {
    Optional<Pod> master = ServiceDnsPrimaryResolver.readyMaster(client, cluster, config);
    if (master.isEmpty()) {
      return Optional.empty();
    }
    Choice choice = choice(config.get(Options.CLUSTER_DOMAIN));
    if (choice.dns()) {
      return Optional.of(
          new Primary(ServiceDnsPrimaryResolver.serviceHost(cluster, config), 5432, "require"));
    }
    Service service = AddressPrimaryResolver.masterService(client, services, cluster);
    String route =
        "ClusterIP of Service "
            + cluster.getMetadata().getNamespace()
            + "/"
            + cluster.getMetadata().getName()
            + "; "
            + choice.reason();
    return AddressPrimaryResolver.host(
            AddressPrimaryResolver.Address.SERVICE_CLUSTER_IP, master.get(), service)
        .map(h -> new Primary(h, 5432, "prefer", route));
  }

  @Override
  public void useServiceCache(ServiceCache services) {
    this.services = services;
  }

  /** Whether cluster DNS names of this domain resolve here: looked up once per TTL, then kept. */
  Choice choice(String clusterDomain) {
    Instant now = clock.instant();
    Choice choice =
        choices.compute(
            clusterDomain,
            (domain, last) -> last != null && now.isBefore(last.until()) ? last : lookup(domain));
    Boolean before = announced.getAndSet(choice.dns());
    if (before == null ? !choice.dns() : before != choice.dns()) {
      if (choice.dns()) {
        LOG.info(
            "{} resolves now: the database sync connects to each cluster's master Service by its"
                + " DNS name again ({cluster}.{namespace}.svc.{}, sslmode=require)",
            choice.probe(),
            clusterDomain);
      } else {
        LOG.info(
            "{}: the database sync connects to each cluster's master Service by its ClusterIP"
                + " (sslmode=prefer) instead of {cluster}.{namespace}.svc.{}; checked again every"
                + " {} min (`tusk operator --primary-address` chooses one way for good)",
            choice.reason(),
            clusterDomain,
            UNRESOLVED_TTL.toMinutes());
      }
    }
    return choice;
  }

  private Choice lookup(String clusterDomain) {
    String probe = "kubernetes.default.svc." + clusterDomain;
    Instant now = clock.instant();
    try {
      dns.resolve(probe);
      return new Choice(true, probe, probe + " resolves", now.plus(RESOLVED_TTL));
    } catch (UnknownHostException | SecurityException e) {
      return new Choice(
          false,
          probe,
          "cluster DNS names do not resolve from the operator (" + probe + ")",
          now.plus(UNRESOLVED_TTL));
    }
  }
}
