package io.tusk.api.acid.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tusk.api.Codec;
import io.tusk.api.Yaml;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class UnknownFieldsTest {

  private static final String MANIFEST =
      """
      apiVersion: acid.zalan.do/v1
      kind: postgresql
      metadata:
        name: acid-minimal-cluster
      topLevelExtra: 1
      spec:
        teamId: acid
        numberOfInstances: 1
        volume: {size: 1Gi}
        postgresql:
          version: "18"
          parametres: {typo: yes}
        foo: bar
        topologySpreadConstraint:
          - maxSkew: 1
        patroni:
          bar: {nested: [1, 2]}
          ttl: 30
        tolerations:
          - key: k
            operater: Exists
        additionalVolumes:
          - name: v
            mountPath: /v
            volumeSource:
              PersistentVolumeClaim: {claimName: c}
        streams:
          - applicationId: app
            database: foo
            tables:
              data.orders:
                eventType: e
                extra: true
        preparedDatabases:
          db:
            schemas:
              s: {defaultRoles: true, owner: x}
      status:
        PostgresClusterStatus: Running
        futureField: 3
      """;

  static Iterable<Codec> codecs() {
    return Codec.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("codecs")
  void reportsUnknownPropertiesByPath(Codec codec) {
    Postgresql pg = codec.read(Yaml.read(MANIFEST), Postgresql.class);

    assertThat(UnknownFields.paths(pg))
        .containsExactlyInAnyOrder(
            "topLevelExtra",
            "spec.foo",
            "spec.topologySpreadConstraint",
            "spec.postgresql.parametres",
            "spec.patroni.bar",
            "spec.tolerations[0].operater",
            "spec.additionalVolumes[0].volumeSource.PersistentVolumeClaim",
            "spec.streams[0].tables[\"data.orders\"].extra",
            "spec.preparedDatabases.db.schemas.s.owner",
            "status.futureField");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("codecs")
  void unknownPropertiesSurviveAnEditAndWriteBack(Codec codec) {
    Postgresql pg = codec.read(Yaml.read(MANIFEST), Postgresql.class);
    pg.getSpec().setNumberOfInstances(3);
    pg.getSpec().getPatroni().setTtl(40);

    JsonNode written = codec.write(pg);

    assertThat(written.at("/topLevelExtra").asInt()).isEqualTo(1);
    assertThat(written.at("/spec/foo").asText()).isEqualTo("bar");
    assertThat(written.at("/spec/numberOfInstances").asInt()).isEqualTo(3);
    assertThat(written.at("/spec/patroni/ttl").asInt()).isEqualTo(40);
    assertThat(written.at("/spec/patroni/bar/nested/1").asInt()).isEqualTo(2);
    assertThat(written.at("/spec/postgresql/parametres/typo").asBoolean()).isTrue();
    assertThat(written.at("/spec/topologySpreadConstraint/0/maxSkew").asInt()).isEqualTo(1);
    assertThat(written.at("/spec/tolerations/0/operater").asText()).isEqualTo("Exists");
    assertThat(written.at("/spec/streams/0/tables/data.orders/extra").asBoolean()).isTrue();
    assertThat(written.at("/status/futureField").asInt()).isEqualTo(3);
    assertThat(Yaml.withoutNulls(written.get("spec"))).isEqualTo(expectedSpecAfterEdit());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("codecs")
  void operatorConfigurationUnknownKeysAreReportedAndKeptInTheTree(Codec codec) {
    OperatorConfiguration config =
        codec.read(
            Yaml.read(
                """
                apiVersion: acid.zalan.do/v1
                kind: OperatorConfiguration
                metadata: {name: c}
                configuration:
                  workers: 4
                  future_option: x
                  kubernetes:
                    cluster_domain: example.local
                    pod_enviroment_configmap: typo
                """),
            OperatorConfiguration.class);

    assertThat(UnknownFields.paths(config))
        .containsExactly(
            "configuration.future_option", "configuration.kubernetes.pod_enviroment_configmap");
    assertThat(config.getConfigurationTree().at("/kubernetes/pod_enviroment_configmap").asText())
        .isEqualTo("typo");
    assertThat(config.getConfigurationTree().at("/workers").asInt()).isEqualTo(4);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("codecs")
  void managedFieldsOfAManifestReadFromTheApiServerAreNotUnknown(Codec codec) {
    Postgresql pg =
        codec.read(
            Yaml.read(
                """
                apiVersion: acid.zalan.do/v1
                kind: postgresql
                metadata:
                  name: acid-a
                  managedFields:
                    - manager: kubectl
                      operation: Apply
                      apiVersion: acid.zalan.do/v1
                      fieldsType: FieldsV1
                      fieldsV1:
                        f:spec:
                          f:teamId: {}
                          f:users:
                            f:zalando: {}
                spec:
                  teamId: acid
                  typo: 1
                """),
            Postgresql.class);

    assertThat(UnknownFields.paths(pg)).containsExactly("spec.typo");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("codecs")
  void knownManifestHasNoUnknownFields(Codec codec) {
    Postgresql pg =
        codec.read(
            Yaml.read(
                """
                apiVersion: acid.zalan.do/v1
                kind: postgresql
                metadata: {name: acid-a}
                spec:
                  teamId: acid
                  numberOfInstances: 1
                  volume: {size: 1Gi}
                  postgresql: {version: "17"}
                """),
            Postgresql.class);
    assertThat(UnknownFields.paths(pg)).isEmpty();
  }

  /** The whole spec, unknown parts included, with just the two edits applied. */
  private static JsonNode expectedSpecAfterEdit() {
    ObjectNode expected = (ObjectNode) Yaml.read(MANIFEST).get("spec");
    expected.put("numberOfInstances", 3);
    ((ObjectNode) expected.get("patroni")).put("ttl", 40);
    return expected;
  }
}
