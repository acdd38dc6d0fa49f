package io.tusk.images;

import java.util.List;
import java.util.Optional;

/**
 * A parsed container image reference: {@code [registry/]path/name[:tag][@digest]}.
 *
 * @param reference the reference as written in the pod spec
 * @param path the repository path segments without registry, e.g. {@code [zalando, spilo-18]}
 * @param tag the tag, if any
 */
public record ImageReference(String reference, List<String> path, Optional<String> tag) {

  public static ImageReference parse(String reference) {
    String rest = reference.strip();
    int at = rest.indexOf('@');
    if (at >= 0) {
      rest = rest.substring(0, at);
    }
    Optional<String> tag = Optional.empty();
    int slash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > slash) {
      tag = Optional.of(rest.substring(colon + 1));
      rest = rest.substring(0, colon);
    }
    List<String> segments = List.of(rest.split("/"));
    // The first segment is a registry host when it has a dot or port, or is "localhost".
    if (segments.size() > 1) {
      String first = segments.get(0);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        segments = segments.subList(1, segments.size());
      }
    }
    return new ImageReference(reference, List.copyOf(segments), tag);
  }

  /** The last path segment, e.g. {@code spilo-18}. */
  public String name() {
    return path.isEmpty() ? "" : path.get(path.size() - 1);
  }

  /** The segment before the name, e.g. {@code acid} or {@code postgres-operator}. */
  public Optional<String> namespace() {
    return path.size() < 2 ? Optional.empty() : Optional.of(path.get(path.size() - 2));
  }
}
