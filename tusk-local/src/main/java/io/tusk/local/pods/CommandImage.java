package io.tusk.local.pods;

import io.tusk.images.ContainerContext;
import io.tusk.images.ContainerImage;
import io.tusk.images.ImageException;
import io.tusk.images.ImageReference;
import io.tusk.images.LaunchPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local node's own image {@value #REFERENCE} (any tag), and {@code busybox} from any registry:
 * runs the container's {@code command} and {@code args} as they are, with the programs of this
 * machine. It stands in for small utility images (busybox init containers such as the one in
 * Zalando's complete manifest, test pods, scripts) that have no {@code tusk-images} counterpart;
 * busybox's applets ({@code /bin/date}, {@code /bin/sh}, {@code sleep}, ...) are found at the same
 * paths on a Debian host.
 */
final class CommandImage implements ContainerImage {

  static final String REFERENCE = "tusk.io/local-command";

  static boolean matches(String image) {
    if (image == null) {
      return false;
    }
    if (image.equals(REFERENCE) || image.startsWith(REFERENCE + ":")) {
      return true;
    }
    // busybox, library/busybox, docker.io/library/busybox:1.36, busybox@sha256:...
    List<String> path = ImageReference.parse(image).path();
    return path.equals(List.of("busybox")) || path.equals(List.of("library", "busybox"));
  }

  @Override
  public LaunchPlan prepare(ContainerContext ctx) throws ImageException {
    List<String> cmd = new ArrayList<>(ctx.command());
    cmd.addAll(ctx.args());
    if (cmd.isEmpty()) {
      throw new ImageException(REFERENCE + " needs a command");
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
    env.put("HOME", ctx.scratchDir().toString());
    env.put("HOSTNAME", ctx.podName());
    env.putAll(ctx.env());
    return new LaunchPlan(
        cmd, env, ctx.scratchDir(), List.of("runs the container's command on the host"));
  }
}
