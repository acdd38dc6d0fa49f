package io.tusk.operator.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the default resolver chooses between the Service's DNS name and its ClusterIP. */
class AutoPrimaryResolverTest {

  private final List<String> lookups = new ArrayList<>();
  private final Set<String> resolvable = new HashSet<>();
  private Instant now = Instant.parse("2026-12-06T12:00:00Z");

  private AutoPrimaryResolver resolver() {
    Clock clock =
        new Clock() {
          @Override
          public Instant instant() {
            return now;
          }

          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }
        };
    return new AutoPrimaryResolver(
        null,
        host -> {
          lookups.add(host);
          if (!resolvable.contains(host)) {
            throw new UnknownHostException(host);
          }
        },
        clock);
  }

  @Test
  void usesServiceNamesWhereTheApiServersServiceResolvesAndKeepsTheAnswer() {
    resolvable.add("kubernetes.default.svc.cluster.local");
    AutoPrimaryResolver r = resolver();
    assertThat(r.choice("cluster.local").dns()).isTrue();
    now = now.plus(Duration.ofMinutes(9));
    assertThat(r.choice("cluster.local").dns()).isTrue();
    assertThat(lookups).containsExactly("kubernetes.default.svc.cluster.local");
    now = now.plus(Duration.ofMinutes(2));
    r.choice("cluster.local");
    assertThat(lookups).hasSize(2);
  }

  @Test
  void fallsBackToTheClusterIpWhereNamesDoNotResolveAndLooksAgainAfterTwoMinutes() {
    AutoPrimaryResolver r = resolver();
    AutoPrimaryResolver.Choice choice = r.choice("cluster.local");
    assertThat(choice.dns()).isFalse();
    assertThat(choice.reason())
        .isEqualTo(
            "cluster DNS names do not resolve from the operator"
                + " (kubernetes.default.svc.cluster.local)");
    // Many clusters, many reconciles within the two minutes: one lookup.
    for (int i = 0; i < 500; i++) {
      assertThat(r.choice("cluster.local").dns()).isFalse();
    }
    assertThat(lookups).hasSize(1);

    // DNS comes up: the next check after two minutes switches to names.
    resolvable.add("kubernetes.default.svc.cluster.local");
    now = now.plus(Duration.ofSeconds(119));
    assertThat(r.choice("cluster.local").dns()).isFalse();
    now = now.plus(Duration.ofSeconds(2));
    assertThat(r.choice("cluster.local").dns()).isTrue();
    assertThat(lookups).hasSize(2);
  }

  @Test
  void eachClusterDomainIsCheckedOnItsOwn() {
    resolvable.add("kubernetes.default.svc.example.org");
    AutoPrimaryResolver r = resolver();
    assertThat(r.choice("cluster.local").dns()).isFalse();
    assertThat(r.choice("example.org").dns()).isTrue();
  }

  @Test
  void aConnectionFailureNamesItsCause() {
    SQLException refused =
        new SQLException(
            "The connection attempt failed.", "08001", new ConnectException("Connection refused"));
    assertThat(DatabaseSync.reason(refused))
        .isEqualTo("The connection attempt failed. (ConnectException: Connection refused)");
    SQLException unknown =
        new SQLException(
            "The connection attempt failed.",
            "08001",
            new RuntimeException(new UnknownHostException("acid-a.ns.svc.cluster.local")));
    assertThat(DatabaseSync.reason(unknown))
        .isEqualTo(
            "The connection attempt failed."
                + " (UnknownHostException: acid-a.ns.svc.cluster.local)");
    assertThat(DatabaseSync.reason(new SQLException("FATAL: password authentication failed")))
        .isEqualTo("FATAL: password authentication failed");
  }

  @Test
  void aPrimaryDescribesHowItsAddressWasChosen() {
    assertThat(
            new PrimaryResolver.Primary(
                    "10.96.0.7", 5432, "prefer", "ClusterIP of Service ns/acid-a")
                .describe())
        .isEqualTo("10.96.0.7:5432 (ClusterIP of Service ns/acid-a)");
    assertThat(
            new PrimaryResolver.Primary("acid-a.ns.svc.cluster.local", 5432, "require").describe())
        .isEqualTo("acid-a.ns.svc.cluster.local:5432");
  }
}
