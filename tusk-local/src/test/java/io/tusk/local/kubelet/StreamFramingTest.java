package io.tusk.local.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamFramingTest {

  @Test
  void channelMessagesStartWithTheChannelByte() {
    byte[] m = ChannelFrames.encode(ChannelFrames.STDOUT, "hi".getBytes(StandardCharsets.UTF_8));
    assertThat(m).containsExactly(1, 'h', 'i');
    ChannelFrames.Frame f = ChannelFrames.decode(new byte[] {(byte) 255, 0});
    assertThat(f.channel()).isEqualTo(ChannelFrames.CLOSE);
    assertThat(f.data()).containsExactly(0);
    assertThat(ChannelFrames.decode(new byte[0])).isNull();
  }

  @Test
  void resizeObjectsMaySpanSeveralFrames() {
    TerminalSize.Decoder d = new TerminalSize.Decoder();
    assertThat(d.feed("{\"Width\":80,\"He".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(d.feed("ight\":24}{\"Width\":100,\"Height\":40}".getBytes(StandardCharsets.UTF_8)))
        .containsExactly(new TerminalSize(80, 24), new TerminalSize(100, 40));
  }

  @Test
  void protocolsAreNegotiatedInTheClientsOrder() {
    assertThat(
            StreamProtocols.offered(
                List.of("v5.channel.k8s.io", "v4.channel.k8s.io, v3.channel.k8s.io")))
        .containsExactly("v5.channel.k8s.io", "v4.channel.k8s.io", "v3.channel.k8s.io");
    assertThat(WebSocketProtocols.select("v5.channel.k8s.io, v4.channel.k8s.io"))
        .isEqualTo("v4.channel.k8s.io");
    assertThat(WebSocketProtocols.select("channel.k8s.io")).isEqualTo("channel.k8s.io");
    assertThat(WebSocketProtocols.select("base64.channel.k8s.io")).isEmpty();
    assertThat(WebSocketProtocols.select(null)).isEmpty();
  }

  @Test
  void webSocketPortForwardTakesEveryPortParameter() {
    KubeletRequest r = KubeletRequest.parse("/portForward/ns/p?port=5432&port=8008,8080");
    assertThat(WebSocketPortForwardHandler.ports(r)).containsExactly(5432, 8008, 8080);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                WebSocketPortForwardHandler.ports(KubeletRequest.parse("/portForward/ns/p?port=0")))
        .isInstanceOf(NumberFormatException.class);
  }

  @Test
  void certificateSubjectsNameUserAndGroups() {
    PeerIdentity id =
        PeerIdentity.of(
            new javax.security.auth.x500.X500Principal(
                "CN=kube-apiserver-kubelet-client,O=system:masters,O=other"));
    assertThat(id.user()).isEqualTo("kube-apiserver-kubelet-client");
    assertThat(id.groups()).containsExactlyInAnyOrder("system:masters", "other");
    assertThat(NodeAuthorizer.verb("POST")).isEqualTo("create");
    assertThat(NodeAuthorizer.verb("GET")).isEqualTo("get");
  }
}
