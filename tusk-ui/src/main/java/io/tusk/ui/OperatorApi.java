package io.tusk.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The operator's REST API as the UI reads it (Zalando's UI proxies the same paths): {@code
 * /status/}, {@code /workers/all/status/}, {@code /clusters/{namespace}/{cluster}/logs/}. An
 * operator that does not answer gives an {@link Answer} with the reason, never an exception: the
 * pages show what they can without it.
 */
final class OperatorApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI root;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  OperatorApi(URI root) {
    this.root = root;
  }

  /** The JSON at a path, or the reason there is none. */
  record Answer(JsonNode json, String problem) {
    boolean ok() {
      return json != null;
    }
  }

  Answer get(String path) {
    URI uri = root.resolve(path);
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return new Answer(null, "the operator answered " + r.statusCode() + " at " + uri);
      }
      return new Answer(JSON.readTree(r.body()), null);
    } catch (IOException e) {
      return new Answer(null, "the operator's API at " + root + " does not answer: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(null, "interrupted");
    }
  }

  URI root() {
    return root;
  }
}
