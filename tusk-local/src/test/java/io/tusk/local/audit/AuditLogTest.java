package io.tusk.local.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

  /** An event as kube-apiserver 1.34 writes it at level Metadata (shortened). */
  static String event(String time, String verb, String user, String agent, String ref) {
    return "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\","
        + "\"stage\":\"ResponseComplete\",\"verb\":\""
        + verb
        + "\",\"user\":{\"username\":\""
        + user
        + "\",\"groups\":[\"system:authenticated\"]},\"userAgent\":\""
        + agent
        + "\",\"objectRef\":"
        + ref
        + ",\"responseStatus\":{\"metadata\":{},\"code\":200},"
        + "\"requestReceivedTimestamp\":\""
        + time
        + "\",\"stageTimestamp\":\""
        + time
        + "\"}";
  }

  static final String CM_AGENT =
      "kube-controller-manager/v1.34.4 (linux/amd64) kubernetes/abc/system:serviceaccount:kube-system:endpointslice-controller";

  @Test
  void readsTheWritesOfAWindowWithWhoMadeThem(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("audit.log");
    Files.write(
        log,
        List.of(
            event(
                "2026-12-06T10:00:00.500000Z",
                "update",
                "system:serviceaccount:kube-system:endpointslice-controller",
                CM_AGENT,
                "{\"resource\":\"endpointslices\",\"namespace\":\"bench\",\"name\":\"a-x1\",\"apiGroup\":\"discovery.k8s.io\"}"),
            event(
                "2026-12-06T10:00:01.000000Z",
                "patch",
                "system:serviceaccount:kube-system:endpointslice-controller",
                CM_AGENT,
                "{\"resource\":\"endpointslices\",\"namespace\":\"bench\",\"name\":\"a-x2\"}"),
            event(
                "2026-12-06T10:00:02.000000Z",
                "patch",
                "tusk-local:node-agent",
                "fabric8-kubernetes-client/7.5.2",
                "{\"resource\":\"pods\",\"subresource\":\"status\",\"namespace\":\"bench\",\"name\":\"a-0\"}"),
            event(
                "2026-12-06T10:00:09.000000Z",
                "update",
                "tusk-local:node-agent",
                "fabric8-kubernetes-client/7.5.2",
                "{\"resource\":\"leases\",\"namespace\":\"kube-node-lease\",\"name\":\"n1\"}"),
            "{\"truncated\":"));

    List<ApiWrite> writes =
        new AuditLog(log)
            .writes(
                Instant.parse("2026-12-06T10:00:00.500Z"), Instant.parse("2026-12-06T10:00:09Z"));

    assertThat(writes)
        .extracting(ApiWrite::component, ApiWrite::what, ApiWrite::name)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "kube-controller-manager/endpointslice-controller",
                "update endpointslices",
                "a-x1"),
            org.assertj.core.groups.Tuple.tuple(
                "kube-controller-manager/endpointslice-controller", "patch endpointslices", "a-x2"),
            org.assertj.core.groups.Tuple.tuple("node-agent", "patch pods/status", "a-0"));
    WriteCounts counts = new WriteCounts(writes);
    assertThat(counts.byComponent())
        .containsExactly(
            Map.entry("kube-controller-manager/endpointslice-controller", 2L),
            Map.entry("node-agent", 1L));
    assertThat(counts.lines())
        .containsExactly(
            "     2  kube-controller-manager/endpointslice-controller"
                + " (patch endpointslices 1, update endpointslices 1)",
            "     1  node-agent (patch pods/status 1)");
  }

  @Test
  void readsAWriteOfAnImpersonatedUserAsThatUser() {
    String line =
        event(
                "2026-12-06T10:00:00Z",
                "create",
                "admin",
                "fabric8-kubernetes-client/7.5.2",
                "{\"resource\":\"services\",\"namespace\":\"ns\",\"name\":\"s\"}")
            .replace(
                "\"userAgent\"",
                "\"impersonatedUser\":{\"username\":\"system:serviceaccount:ns:tusk-operator\"},"
                    + "\"userAgent\"");
    assertThat(AuditLog.parse(line).component())
        .isEqualTo("fabric8-kubernetes-client as system:serviceaccount:ns:tusk-operator");
  }

  @Test
  void readsNothingFromAMissingLog(@TempDir Path dir) {
    assertThat(new AuditLog(dir.resolve("none")).writes(Instant.EPOCH, Instant.now())).isEmpty();
  }

  @Test
  void namesTheComponentsOfTheControlPlane() {
    assertThat(Components.of("system:kube-scheduler", "kube-scheduler/v1.34.4 (linux/amd64)"))
        .isEqualTo("kube-scheduler");
    assertThat(Components.of("system:apiserver", "kube-apiserver/v1.34.4"))
        .isEqualTo("kube-apiserver");
    assertThat(Components.of("kubernetes-admin", "tusk-operator/0.1.0"))
        .isEqualTo("tusk-operator as kubernetes-admin");
    assertThat(Components.of("kubernetes-admin", null)).isEqualTo("unknown as kubernetes-admin");
    // A kube-system service account outside the controller-manager is not one of its controllers.
    assertThat(Components.of("system:serviceaccount:kube-system:coredns", "coredns/1.11"))
        .isEqualTo("coredns as system:serviceaccount:kube-system:coredns");
  }
}
