package io.tusk.patroni;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Patroni 4.1's documents, in the shapes its REST API writes them, read into records. */
class AnswersTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void clusterMembersWithUnknownAndNumericLagAndAScheduledSwitchover() throws Exception {
    String answer =
        """
        {"members": [
          {"name": "acid-a-0", "role": "leader", "state": "running",
           "api_url": "http://10.1.0.7:8008/patroni", "host": "10.1.0.7", "port": 5432,
           "timeline": 3},
          {"name": "acid-a-1", "role": "sync_standby", "state": "streaming",
           "api_url": "http://10.1.0.8:8008/patroni", "host": "10.1.0.8", "port": 5432,
           "timeline": 3, "lag": 0, "pending_restart": true,
           "pending_restart_reason": {"max_connections": {"old_value": "100", "new_value": "150"}},
           "tags": {"nofailover": true}},
          {"name": "acid-a-2", "role": "replica", "state": "starting",
           "api_url": "http://10.1.0.9:8008/patroni", "host": "10.1.0.9", "port": 5432,
           "lsn": "unknown", "lag": "unknown"}],
         "scope": "acid-a", "pause": true,
         "scheduled_switchover": {"at": "2026-12-06T20:00:00+00:00", "from": "acid-a-0"}}
        """;

    PatroniCluster cluster = PatroniCluster.fromJson(JSON.readTree(answer));

    assertThat(cluster.paused()).isTrue();
    assertThat(cluster.scheduledSwitchoverAt()).isEqualTo("2026-12-06T20:00:00+00:00");
    assertThat(cluster.leader()).map(ClusterMember::name).contains("acid-a-0");
    ClusterMember sync = cluster.member("acid-a-1").orElseThrow();
    assertThat(sync.isSyncStandby()).isTrue();
    assertThat(sync.isReplicating()).isTrue();
    assertThat(sync.lagBytes()).hasValue(0);
    assertThat(sync.pendingRestart()).isTrue();
    assertThat(sync.refusesLeadership()).isTrue();
    assertThat(sync.pendingChanges())
        .containsEntry("max_connections", new PendingChange("100", "150"));
    assertThat(sync.pendingChanges().get("max_connections").isDecrease()).isFalse();
    assertThat(new PendingChange("150", "100").isDecrease()).isTrue();
    assertThat(new PendingChange("on", "off").isDecrease()).isFalse();
    assertThat(sync.apiRoot()).isEqualTo(URI.create("http://10.1.0.8:8008"));
    ClusterMember starting = cluster.member("acid-a-2").orElseThrow();
    assertThat(starting.lagBytes()).isEmpty();
    assertThat(starting.isReplicating()).isFalse();
    assertThat(starting.timeline()).isZero();
  }

  @Test
  void memberStatusReadsPendingRestartReasonsAndTheOldPrimaryRoleName() throws Exception {
    String answer =
        """
        {"state": "running", "postmaster_start_time": "2026-12-06 18:00:01.5+00:00",
         "role": "master", "server_version": 170010, "xlog": {"location": 50331648},
         "timeline": 2, "pending_restart": true,
         "pending_restart_reason": {"max_connections": {"old_value": "100", "new_value": "150"},
                                    "shared_buffers": {"old_value": "128MB", "new_value": "256MB"}},
         "dcs_last_seen": 1796580000, "database_system_identifier": "7400000000000000000",
         "patroni": {"version": "4.1.5", "scope": "acid-a", "name": "acid-a-0"}}
        """;

    MemberStatus status = MemberStatus.fromJson(JSON.readTree(answer));

    assertThat(status.name()).isEqualTo("acid-a-0");
    assertThat(status.isPrimary()).isTrue();
    assertThat(status.isRunning()).isTrue();
    assertThat(status.serverVersion()).isEqualTo(170010);
    assertThat(status.timeline()).isEqualTo(2);
    assertThat(status.pendingRestartParameters())
        .containsExactlyInAnyOrder("max_connections", "shared_buffers");
    assertThat(status.patroniVersion()).isEqualTo("4.1.5");
    assertThat(status.paused()).isFalse();
  }

  @Test
  void anErrorNamesTheCallTheMemberAndAShortenedAnswer() {
    PatroniException e =
        new PatroniException(
            URI.create("http://10.1.0.7:8008"), "POST /switchover", 412, "x".repeat(1000));

    assertThat(e.getMessage())
        .startsWith("POST /switchover on http://10.1.0.7:8008 answered 412: ");
    assertThat(e.getMessage()).hasSizeLessThan(400);
    assertThat(e.answered()).isTrue();
  }

  @Test
  void aMemberBusyWithAnotherActionIsToldApartFromAFailure() {
    URI member = URI.create("http://10.1.0.7:8008");

    assertThat(
            new PatroniException(member, "POST /restart", 503, "demote already in progress").busy())
        .isTrue();
    assertThat(new PatroniException(member, "POST /restart", 503, "restart failed").busy())
        .isFalse();
    assertThat(
            new PatroniException(member, "POST /restart", 409, "demote already in progress").busy())
        .isFalse();
    assertThat(new PatroniException(member, "GET /cluster", new java.net.ConnectException()).busy())
        .isFalse();
  }
}
