package io.tusk.spec.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.tusk.api.acid.v1.CloneDescription;
import io.tusk.api.acid.v1.ConnectionPooler;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.api.acid.v1.ResourceDescription;
import io.tusk.api.acid.v1.Resources;
import io.tusk.api.acid.v1.Sidecar;
import io.tusk.api.acid.v1.StandbyDescription;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every invalid input names its field. Cases follow Zalando's v1/util_test.go (TestClusterName,
 * TestCloneClusterDescription, TestUnmarshalMaintenanceWindow, TestAllowedSourceRangesPattern) and
 * cluster_test.go (TestInitRobotUsers, TestValidUsernames), plus the CRD schema rules.
 */
class ManifestValidatorTest {

  private static List<Violation> validate(OperatorConfig config, Consumer<PostgresSpec> spec) {
    return ManifestValidator.validate(Fixtures.cluster(spec), config);
  }

  private static List<Violation> validate(Consumer<PostgresSpec> spec) {
    return validate(Fixtures.config(), spec);
  }

  private static List<String> fields(List<Violation> violations) {
    return violations.stream().map(Violation::field).toList();
  }

  @Test
  void validMinimalManifest() {
    assertThat(validate(s -> {})).isEmpty();
  }

  @Test
  void clusterName() {
    Postgresql upper = Fixtures.cluster("Acid-Test", "default", s -> {});
    assertThat(fields(ManifestValidator.validate(upper, Fixtures.config())))
        .containsExactly("metadata.name");
    Postgresql longName = Fixtures.cluster("a".repeat(59), "default", s -> {});
    assertThat(ManifestValidator.validate(longName, Fixtures.config()))
        .extracting(Violation::reason)
        .containsExactly("must be no longer than 58 characters");
    assertThat(
            ManifestValidator.validate(
                Fixtures.cluster("a".repeat(58), "default", s -> {}), Fixtures.config()))
        .isEmpty();
    Postgresql noName = Fixtures.cluster();
    noName.getMetadata().setName(null);
    assertThat(fields(ManifestValidator.validate(noName, Fixtures.config())))
        .containsExactly("metadata.name");
  }

  @Test
  void teamPrefixRequiredWhenEnabled() {
    OperatorConfig config = Fixtures.config(Options.ENABLE_TEAM_ID_CLUSTERNAME_PREFIX, true);
    assertThat(
            ManifestValidator.validate(Fixtures.cluster("acid-test", "default", s -> {}), config))
        .isEmpty();
    List<Violation> v =
        ManifestValidator.validate(Fixtures.cluster("test-cluster", "default", s -> {}), config);
    assertThat(v)
        .containsExactly(new Violation("metadata.name", "name must match {TEAM}-{NAME} format"));
    assertThat(
            ManifestValidator.validate(
                Fixtures.cluster("test-cluster", "default", s -> {}), Fixtures.config()))
        .isEmpty();
  }

  @Test
  void requiredFields() {
    assertThat(fields(validate(s -> s.setTeamId(null)))).containsExactly("spec.teamId");
    assertThat(fields(validate(s -> s.setNumberOfInstances(null))))
        .containsExactly("spec.numberOfInstances");
    assertThat(fields(validate(s -> s.setNumberOfInstances(-1))))
        .containsExactly("spec.numberOfInstances");
    assertThat(fields(validate(s -> s.setPostgresql(null)))).containsExactly("spec.postgresql");
    assertThat(fields(validate(s -> s.getPostgresql().setVersion(null))))
        .containsExactly("spec.postgresql.version");
    assertThat(fields(validate(s -> s.getPostgresql().setVersion("9.6"))))
        .containsExactly("spec.postgresql.version");
    assertThat(fields(validate(s -> s.setVolume(null)))).containsExactly("spec.volume");
    assertThat(fields(validate(s -> s.getVolume().setSize(null))))
        .containsExactly("spec.volume.size");
    Postgresql noSpec = Fixtures.cluster();
    noSpec.setSpec(null);
    assertThat(fields(ManifestValidator.validate(noSpec, Fixtures.config())))
        .containsExactly("spec");
  }

  @Test
  void quantities() {
    assertThat(fields(validate(s -> s.getVolume().setSize("1 GB"))))
        .containsExactly("spec.volume.size");
    assertThat(fields(validate(s -> s.getVolume().setSize("10Gi")))).isEmpty();
    Resources r = new Resources();
    ResourceDescription requests = new ResourceDescription();
    requests.setCpu("1.2345");
    requests.setMemory("lots");
    r.setRequests(requests);
    assertThat(fields(validate(s -> s.setResources(r))))
        .containsExactly("spec.resources.requests.cpu", "spec.resources.requests.memory");
    assertThat(
            fields(
                validate(
                    s -> {
                      s.getVolume().setIops(90000);
                      s.getVolume().setThroughput(3000);
                    })))
        .containsExactly("spec.volume.iops", "spec.volume.throughput");
  }

  @Test
  void users() {
    assertThat(validate(s -> s.setUsers(Map.of("foo-bar", List.of())))).isEmpty();
    assertThat(fields(validate(s -> s.setUsers(Map.of("!fooBar", List.of("superuser"))))))
        .containsExactly("spec.users.!fooBar");
    assertThat(validate(s -> s.setUsers(Map.of("foobar", List.of("!superuser")))))
        .containsExactly(
            new Violation(
                "spec.users.foobar",
                "invalid flags for user \"foobar\": user flag \"!superuser\" is not alphanumeric"));
    assertThat(fields(validate(s -> s.setUsers(Map.of("foobar", List.of("superuser1"))))))
        .containsExactly("spec.users.foobar");
    assertThat(fields(validate(s -> s.setUsers(Map.of("foobar", List.of("inherit", "noinherit"))))))
        .containsExactly("spec.users.foobar");
    assertThat(
            validate(
                s ->
                    s.setUsers(
                        Map.of(
                            "foobar",
                            List.of(
                                "SUPERUSER",
                                "nocreatedb",
                                "BypassRLS",
                                "replication",
                                "NOLOGIN",
                                "createrole",
                                "inherit")))))
        .isEmpty();
    assertThat(fields(validate(s -> s.setUsers(Map.of("user_", List.of())))))
        .containsExactly("spec.users.user_");
  }

  @Test
  void protectedAndSystemRoleNames() {
    assertThat(
            fields(
                validate(
                    s ->
                        s.setUsers(
                            Map.of(
                                "admin",
                                List.of(),
                                "cron_admin",
                                List.of(),
                                "postgres",
                                List.of(),
                                "standby",
                                List.of())))))
        .containsExactlyInAnyOrder(
            "spec.users.admin",
            "spec.users.cron_admin",
            "spec.users.postgres",
            "spec.users.standby");
    assertThat(validate(s -> s.setUsers(Map.of("pooler", List.of())))).isEmpty();
    assertThat(
            fields(
                validate(
                    s -> {
                      s.setEnableConnectionPooler(true);
                      s.setUsers(Map.of("pooler", List.of()));
                    })))
        .containsExactly("spec.users.pooler");
  }

  @Test
  void maintenanceWindows() {
    assertThat(validate(s -> s.setMaintenanceWindows(List.of("01:00-06:00", "Sat:00:00-04:00"))))
        .isEmpty();
    assertThat(
            fields(
                validate(
                    s ->
                        s.setMaintenanceWindows(
                            List.of(
                                "01:00-06:00",
                                "Mon:00:00",
                                "Sun:25:00-26:00",
                                "Foo:00:00-01:00")))))
        .containsExactly(
            "spec.maintenanceWindows[1]",
            "spec.maintenanceWindows[2]",
            "spec.maintenanceWindows[3]");
    assertThat(fields(validate(s -> s.setMaintenanceWindows(List.of("06:00-01:00")))))
        .containsExactly("spec.maintenanceWindows[0]");
  }

  @Test
  void cloneDescription() {
    CloneDescription basebackup = new CloneDescription();
    basebackup.setCluster("team-batman");
    assertThat(validate(s -> s.setClone(basebackup))).isEmpty();
    CloneDescription invalid = new CloneDescription();
    invalid.setCluster("team-batman_");
    assertThat(fields(validate(s -> s.setClone(invalid)))).containsExactly("spec.clone.cluster");
    CloneDescription tooLong = new CloneDescription();
    tooLong.setCluster("a".repeat(64));
    assertThat(fields(validate(s -> s.setClone(tooLong)))).containsExactly("spec.clone.cluster");
    CloneDescription pitr = new CloneDescription();
    pitr.setCluster("team_batman");
    pitr.setTimestamp("2017-12-19T12:40:33+01:00");
    assertThat(validate(s -> s.setClone(pitr)))
        .as("names are only checked for basebackup clones")
        .isEmpty();
    CloneDescription noZone = new CloneDescription();
    noZone.setCluster("team-batman");
    noZone.setTimestamp("2017-12-19T12:40:33");
    assertThat(fields(validate(s -> s.setClone(noZone)))).containsExactly("spec.clone.timestamp");
    assertThat(fields(validate(s -> s.setClone(new CloneDescription()))))
        .containsExactly("spec.clone.cluster");
  }

  @Test
  void standby() {
    StandbyDescription both = new StandbyDescription();
    both.setS3WalPath("s3://a");
    both.setGsWalPath("gs://b");
    assertThat(fields(validate(s -> s.setStandby(both)))).containsExactly("spec.standby");
    assertThat(fields(validate(s -> s.setStandby(new StandbyDescription()))))
        .containsExactly("spec.standby");
    StandbyDescription host = new StandbyDescription();
    host.setStandbyHost("acid-minimal-cluster.default");
    assertThat(validate(s -> s.setStandby(host))).isEmpty();
  }

  @Test
  void allowedSourceRanges() {
    assertThat(
            validate(
                s ->
                    s.setAllowedSourceRanges(
                        List.of("127.0.0.1/32", "10.0.0.0/8", "2001:db8::/32"))))
        .isEmpty();
    assertThat(
            fields(
                validate(
                    s ->
                        s.setAllowedSourceRanges(
                            List.of("10.0.0.0/8", "256.0.0.0/8", "10.0.0.1", "::1/129")))))
        .containsExactly(
            "spec.allowedSourceRanges[1]",
            "spec.allowedSourceRanges[2]",
            "spec.allowedSourceRanges[3]");
  }

  @Test
  void logicalBackupSchedule() {
    assertThat(validate(s -> s.setLogicalBackupSchedule("30 00 * * *"))).isEmpty();
    assertThat(validate(s -> s.setLogicalBackupSchedule("*/5 * * * *"))).isEmpty();
    assertThat(fields(validate(s -> s.setLogicalBackupSchedule("every day"))))
        .containsExactly("spec.logicalBackupSchedule");
    assertThat(fields(validate(s -> s.setLogicalBackupSchedule("30 00 * *"))))
        .containsExactly("spec.logicalBackupSchedule");
  }

  @Test
  void sidecarsAndInitContainers() {
    Sidecar sidecar = new Sidecar();
    sidecar.setName("exporter");
    sidecar.setImage("img");
    Container init = new ContainerBuilder().withName("date").withImage("busybox").build();
    assertThat(
            validate(
                s -> {
                  s.setSidecars(List.of(sidecar));
                  s.setInitContainers(List.of(init));
                }))
        .isEmpty();
    assertThat(
            fields(
                validate(
                    Fixtures.config(Options.ENABLE_SIDECARS, false),
                    s -> s.setSidecars(List.of(sidecar)))))
        .containsExactly("spec.sidecars");
    assertThat(
            fields(
                validate(
                    Fixtures.config(Options.ENABLE_INIT_CONTAINERS, false),
                    s -> s.setInitContainers(List.of(init)))))
        .containsExactly("spec.initContainers");
    Sidecar noImage = new Sidecar();
    noImage.setName("x");
    assertThat(fields(validate(s -> s.setSidecars(List.of(noImage)))))
        .containsExactly("spec.sidecars[0].image");
    assertThat(fields(validate(s -> s.setInitContainers(List.of(new Container())))))
        .containsExactly("spec.initContainers[0].name", "spec.initContainers[0].image");
  }

  @Test
  void connectionPooler() {
    ConnectionPooler pooler = new ConnectionPooler();
    pooler.setNumberOfInstances(0);
    pooler.setMode("statement");
    assertThat(fields(validate(s -> s.setConnectionPooler(pooler))))
        .containsExactly("spec.connectionPooler.numberOfInstances", "spec.connectionPooler.mode");
  }

  @Test
  void everyViolationIsReportedAtOnce() {
    List<Violation> v =
        validate(
            s -> {
              s.setTeamId(null);
              s.setNumberOfInstances(-2);
              s.getVolume().setSize("big");
              s.setUsers(Map.of("Bad", List.of()));
            });
    assertThat(fields(v))
        .containsExactly(
            "spec.teamId", "spec.numberOfInstances", "spec.volume.size", "spec.users.Bad");
    assertThat(v.get(0).toString()).isEqualTo("spec.teamId: is required");
  }
}
