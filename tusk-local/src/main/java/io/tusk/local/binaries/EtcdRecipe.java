package io.tusk.local.binaries;

import java.util.List;
import java.util.Map;

/**
 * Builds the etcd server. Since etcd 3.5 the {@code go.etcd.io/etcd/server/v3} module's root
 * package is the {@code etcd} main package. Its go.mod carries replace directives, so {@code go
 * install ...@version} refuses it; a wrapper module that requires it works, because replace
 * directives of dependencies are ignored and the sibling modules resolve at the same tag.
 */
public final class EtcdRecipe {

  public static final String PROGRAM = "etcd";

  private EtcdRecipe() {}

  public static GoBuildRecipe recipe(String version) {
    return new GoBuildRecipe(
        "etcd",
        version,
        "tusk.local/etcdbuild",
        "1.24.0",
        Map.of("go.etcd.io/etcd/server/v3", version),
        Map.of(),
        Map.of(PROGRAM, "go.etcd.io/etcd/server/v3"),
        List.of("-s", "-w"));
  }
}
