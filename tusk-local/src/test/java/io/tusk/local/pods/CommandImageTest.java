package io.tusk.local.pods;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandImageTest {

  @Test
  void theLocalCommandImageWithAnyTag() {
    assertThat(CommandImage.matches("tusk.io/local-command")).isTrue();
    assertThat(CommandImage.matches("tusk.io/local-command:1")).isTrue();
    assertThat(CommandImage.matches("tusk.io/local-commander")).isFalse();
  }

  @Test
  void busyboxFromDockerHubUnderAnySpelling() {
    assertThat(CommandImage.matches("busybox")).isTrue();
    assertThat(CommandImage.matches("busybox:1.36")).isTrue();
    assertThat(CommandImage.matches("library/busybox")).isTrue();
    assertThat(CommandImage.matches("docker.io/library/busybox:latest")).isTrue();
    assertThat(CommandImage.matches("busybox@sha256:abcdef")).isTrue();
  }

  @Test
  void notOtherImagesThatMerelyContainTheName() {
    assertThat(CommandImage.matches("someone/busybox")).isFalse();
    assertThat(CommandImage.matches("busybox-extras")).isFalse();
    assertThat(CommandImage.matches("ghcr.io/zalando/spilo-18:4.1-p2")).isFalse();
    assertThat(CommandImage.matches(null)).isFalse();
  }
}
