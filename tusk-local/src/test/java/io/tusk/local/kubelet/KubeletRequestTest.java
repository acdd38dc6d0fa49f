package io.tusk.local.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.local.kubelet.KubeletRequest.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubeletRequestTest {

  @Test
  void parsesContainerLogsWithQuery() {
    KubeletRequest r =
        KubeletRequest.parse("/containerLogs/ns1/pod-0/postgres?follow=true&tailLines=10");
    assertThat(r.kind()).isEqualTo(Kind.CONTAINER_LOGS);
    assertThat(r.namespace()).isEqualTo("ns1");
    assertThat(r.pod()).isEqualTo("pod-0");
    assertThat(r.container()).isEqualTo("postgres");
    assertThat(r.flag("follow")).isTrue();
    assertThat(r.first("tailLines")).isEqualTo("10");
  }

  @Test
  void execKeepsEveryCommandArgumentInOrderAndDecoded() {
    KubeletRequest r =
        KubeletRequest.parse(
            "/exec/ns/p/c?command=sh&command=-c&command=echo+a%26b&input=1&output=1&tty=1");
    assertThat(r.kind()).isEqualTo(Kind.EXEC);
    assertThat(r.all("command")).containsExactly("sh", "-c", "echo a&b");
    assertThat(r.flag("input")).isTrue();
    assertThat(r.flag("error")).isFalse();
  }

  @Test
  void execAndPortForwardAcceptThePodUidForm() {
    assertThat(KubeletRequest.parse("/exec/ns/p/uid-1/c?command=ls").container()).isEqualTo("c");
    KubeletRequest pf = KubeletRequest.parse("/portForward/ns/p");
    assertThat(pf.kind()).isEqualTo(Kind.PORT_FORWARD);
    assertThat(pf.pod()).isEqualTo("p");
    assertThat(KubeletRequest.parse("/portForward/ns/p/uid-1").pod()).isEqualTo("p");
  }

  @Test
  void rejectsOtherPaths() {
    for (String uri :
        List.of("/", "/healthz", "/containerLogs/ns/p", "/exec/ns//c", "/logs/x", "exec/a/b/c")) {
      assertThat(KubeletRequest.parse(uri)).as(uri).isNull();
    }
  }
}
