package io.tusk.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the UI lets through before it talks to Kubernetes at all: the token, the CSRF token,
 * read-only mode, the headers of every answer. No API server is needed for that, so the client
 * points at a closed port.
 */
class UiServerTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private KubernetesClient client;
  private UiServer server;

  private UiServer start(String token, boolean readOnly) throws Exception {
    client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("https://127.0.0.1:1")
                    .withNamespace("default")
                    .withRequestTimeout(500)
                    .withConnectionTimeout(500)
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build();
    server =
        new UiServer(
                client,
                new UiSettings(
                    "127.0.0.1",
                    0,
                    token,
                    readOnly,
                    URI.create("http://127.0.0.1:1/"),
                    null,
                    UiSettings.VERSIONS,
                    Map.of()))
            .start();
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (client != null) {
      client.close();
    }
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  @Test
  void aTokenIsAskedForBeforeAnyPageAndSetAsAStrictCookie() throws Exception {
    start("s3cret-token", false);

    assertThat(get("/health").statusCode()).isEqualTo(200);
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(303);
    assertThat(page.headers().firstValue("Location")).contains("/login");
    assertThat(post("/new", "team=acid").statusCode()).isEqualTo(401);
    assertThat(get("/login").body()).contains("name=\"token\"").doesNotContain("s3cret-token");

    HttpResponse<String> wrong = post("/login", "token=guess");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();

    HttpResponse<String> right = post("/login", "token=s3cret-token");
    assertThat(right.statusCode()).isEqualTo(303);
    assertThat(right.headers().firstValue("Set-Cookie").orElseThrow())
        .contains(UiServer.COOKIE + "=s3cret-token", "HttpOnly", "SameSite=Strict");
  }

  @Test
  void aFormWithoutThisServersCsrfTokenIsRefused() throws Exception {
    start("t", false);

    HttpResponse<String> r = post("/new", "team=acid&_csrf=forged", "Authorization", "Bearer t");

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("did not come from this UI");
  }

  @Test
  void readOnlyRefusesEveryWriteAndShowsNoForm() throws Exception {
    start(null, true);

    HttpResponse<String> form = get("/new");
    assertThat(form.statusCode()).isEqualTo(403);
    assertThat(form.body()).contains("read-only").doesNotContain("id=\"nav-new\"");
    assertThat(get("/clusters/default/acid-x/delete").statusCode())
        .as("the API server is not even asked")
        .isEqualTo(403);
    HttpResponse<String> write = post("/new", "team=acid&_csrf=" + server.csrfToken());
    assertThat(write.statusCode()).isEqualTo(403);
    assertThat(write.body()).contains("read-only mode");
  }

  @Test
  void everyAnswerForbidsInlineScriptsFramingAndSniffing() throws Exception {
    start(null, false);

    HttpResponse<String> js = get("/static/ui.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
    assertThat(js.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'self'", "frame-ancestors 'none'");
    assertThat(js.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(get("/static/../UiServer.class").statusCode()).isEqualTo(404);
    assertThat(get("/static/nothing.js").statusCode()).isEqualTo(404);
    assertThat(get("/no/such/page").statusCode()).isEqualTo(404);
  }

  @Test
  void anUnreachableApiServerGivesAPageWithTheReason() throws Exception {
    start(null, false);

    HttpResponse<String> r = get("/");

    assertThat(r.statusCode()).isGreaterThanOrEqualTo(500);
    assertThat(r.body()).contains("class=\"error\"");
  }

  /** A raw request, since Java's HTTP client sets Host itself. */
  private String raw(String request) throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
      s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      byte[] head = s.getInputStream().readNBytes(12);
      return new String(head, java.nio.charset.StandardCharsets.US_ASCII);
    }
  }

  @Test
  void withoutATokenOnlyItsOwnAddressIsAnsweredAgainstDnsRebinding() throws Exception {
    start(null, false);
    int port = server.port();

    assertThat(raw("GET /health HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n"))
        .isEqualTo("HTTP/1.1 200");
    assertThat(raw("GET /health HTTP/1.1\r\nHost: localhost:" + port + "\r\n\r\n"))
        .isEqualTo("HTTP/1.1 200");
    assertThat(raw("GET / HTTP/1.1\r\nHost: attacker.example:" + port + "\r\n\r\n"))
        .as("a name rebound to 127.0.0.1")
        .isEqualTo("HTTP/1.1 421");
    String body = "_csrf=" + server.csrfToken() + "&confirm=x";
    assertThat(
            raw(
                "POST /clusters/default/acid-x/delete HTTP/1.1\r\nHost: 127.0.0.1:"
                    + port
                    + "\r\nOrigin: http://attacker.example\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                    + body.length()
                    + "\r\n\r\n"
                    + body))
        .as("a form posted by another site's page")
        .isEqualTo("HTTP/1.1 421");
  }

  @Test
  void listeningBeyondLoopbackNeedsAToken() {
    assertThatThrownBy(
            () ->
                new UiSettings(
                    "0.0.0.0",
                    8081,
                    null,
                    false,
                    URI.create("http://127.0.0.1:8080/"),
                    null,
                    List.of("17"),
                    Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a loopback address")
        .hasMessageContaining("TUSK_UI_TOKEN");
  }
}
