package io.tusk.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerContextTest {

  private final ContainerContext ctx =
      new ContainerContext(
          "p-0",
          "ns",
          "10.244.0.9",
          "postgres",
          null,
          null,
          Map.of(),
          Map.of(
              "/home/postgres/pgdata", Path.of("/vol/pgdata"),
              "/home/postgres", Path.of("/vol/home"),
              "/etc/pgbouncer/userlist.txt", Path.of("/vol/secret/userlist.txt")),
          Path.of("/scratch"),
          null,
          null,
          null);

  @Test
  void mapsContainerPathsThroughTheLongestMount() {
    assertThat(ctx.hostPath("/home/postgres/pgdata/pgroot/data"))
        .isEqualTo(Path.of("/vol/pgdata/pgroot/data"));
    assertThat(ctx.hostPath("/home/postgres/.bashrc")).isEqualTo(Path.of("/vol/home/.bashrc"));
    assertThat(ctx.hostPath("/home/postgres/pgdata")).isEqualTo(Path.of("/vol/pgdata"));
    assertThat(ctx.hostPath("/etc/pgbouncer/userlist.txt"))
        .isEqualTo(Path.of("/vol/secret/userlist.txt"));
    assertThat(ctx.isMounted("/etc/pgbouncer/userlist.txt")).isTrue();
  }

  @Test
  void unmountedPathsLiveInTheScratchRootfs() {
    assertThat(ctx.hostPath("/home/postgresql/x"))
        .isEqualTo(Path.of("/scratch/rootfs/home/postgresql/x"));
    assertThat(ctx.isMounted("/tls/tls.crt")).isFalse();
    assertThat(ctx.command()).isEqualTo(List.of());
  }
}
