package io.tusk.local.binaries;

import java.util.List;
import java.util.Map;

/**
 * Builds versitygw, the S3 gateway of the local object storage, from {@code
 * github.com/versity/versitygw} (Apache-2.0). Its go.mod has no replace directives, so a wrapper
 * module that requires it builds {@code cmd/versitygw} as it is released.
 */
public final class VersityRecipe {

  public static final String PROGRAM = "versitygw";

  private VersityRecipe() {}

  public static GoBuildRecipe recipe(String version) {
    return new GoBuildRecipe(
        "versitygw",
        version,
        "tusk.local/versitygwbuild",
        "1.25.0",
        Map.of("github.com/versity/versitygw", version),
        Map.of(),
        Map.of(PROGRAM, "github.com/versity/versitygw/cmd/versitygw"),
        List.of("-s", "-w"));
  }
}
