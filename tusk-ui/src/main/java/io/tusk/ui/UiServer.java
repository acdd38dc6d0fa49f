package io.tusk.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.operator.OperatorSettings;
import io.tusk.operator.config.ConfigurationSource;
import io.tusk.spec.validate.ManifestValidator;
import io.tusk.spec.validate.Violation;
import io.tusk.ui.form.CloneForm;
import io.tusk.ui.form.ClusterForm;
import io.tusk.ui.form.EditForm;
import io.tusk.ui.form.Manifests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web UI: server-rendered pages over the Kubernetes API, with the permissions of the client it
 * is given (its kubeconfig or ServiceAccount), as Zalando's UI acts with its own.
 *
 * <ul>
 *   <li>{@code /}: the clusters with status and pods;
 *   <li>{@code /clusters/{ns}/{name}}: progress, pods and Patroni members (role, state, lag),
 *       roles, databases, Secrets (names only), Services, poolers, volumes, Events, the operator's
 *       log lines for the cluster, the manifest;
 *   <li>{@code /new}, {@code .../edit}, {@code .../clone}: forms with a live manifest preview that
 *       is checked by the operator's own validation; {@code .../delete}: typed confirmation and
 *       Zalando's delete annotations;
 *   <li>{@code /operator}: the operator's status, workers and queue from its REST API.
 * </ul>
 *
 * <p>Nothing is open to the world by default: it binds to loopback unless a token is set, every
 * form carries a per-server CSRF token, and in read-only mode every write is refused.
 */
public final class UiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UiServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String COOKIE = "tusk-ui-token";
  private static final Pattern CLUSTER =
      Pattern.compile(
          "^/clusters/(?<ns>[a-z0-9][-a-z0-9]*)/(?<name>[a-z0-9][-a-z0-9.]*)"
              + "(?:/(?<action>edit|clone|delete))?(?<preview>/preview)?/?$");
  private static final Map<String, String> STATIC_TYPES =
      Map.of("ui.css", "text/css; charset=utf-8", "ui.js", "text/javascript; charset=utf-8");

  private final KubernetesClient client;
  private final UiSettings settings;
  private final ClusterViews views;
  private final ConfigurationSource configuration;
  private final MustacheFactory templates = new DefaultMustacheFactory("io/tusk/ui/templates");
  private final Map<String, Mustache> compiled = new ConcurrentHashMap<>();
  private final String csrf;
  private final HttpServer server;
  private final ExecutorService executor;

  public UiServer(KubernetesClient client, UiSettings settings) throws IOException {
    this.client = client;
    this.settings = settings;
    this.views = new ClusterViews(client, settings, new OperatorApi(settings.operatorApi()));
    String current = client.getNamespace() == null ? "default" : client.getNamespace();
    this.configuration =
        new ConfigurationSource(
            client, OperatorSettings.fromEnvironment(settings.environment(), current));
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    this.csrf = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    this.server =
        HttpServer.create(new InetSocketAddress(settings.bindAddress(), settings.port()), 0);
    this.executor =
        Executors.newFixedThreadPool(
            16,
            r -> {
              Thread t = new Thread(r, "tusk-ui");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  public UiServer start() {
    server.start();
    LOG.info(
        "Web UI on http://{}:{}/{}{}",
        settings.bindAddress(),
        port(),
        settings.token() == null ? "" : " (token required)",
        settings.readOnly() ? " (read-only)" : "");
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The token every form of this server carries. */
  String csrfToken() {
    return csrf;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    configuration.close();
  }

  private void handle(HttpExchange ex) {
    try (ex) {
      try {
        answer(ex);
      } catch (IOException | RuntimeException | LinkageError e) {
        LOG.warn("UI: no answer to {}: {}", ex.getRequestURI(), e.toString(), e);
        if (ex.getResponseCode() == -1) {
          text(ex, 500, "text/plain; charset=utf-8", "the UI failed: " + e);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("UI: the answer to {} could not be sent: {}", ex.getRequestURI(), e.toString());
    }
  }

  private void answer(HttpExchange ex) throws IOException {
    try {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (!trustedHost(ex)) {
        text(ex, 421, "text/plain; charset=utf-8", "this UI answers only to its own address");
        return;
      }
      if (path.equals("/health")) {
        text(ex, 200, "text/plain; charset=utf-8", "ok");
        return;
      }
      if (path.startsWith("/static/")) {
        serveStatic(ex, path.substring("/static/".length()));
        return;
      }
      if (path.equals("/login")) {
        login(ex, method);
        return;
      }
      if (!authorized(ex)) {
        if (method.equals("GET")) {
          redirect(ex, "/login");
        } else {
          text(ex, 401, "text/plain; charset=utf-8", "a token is required");
        }
        return;
      }
      Map<String, String> form = Map.of();
      if (method.equals("POST")) {
        form = form(ex);
        if (!MessageDigest.isEqual(
            csrf.getBytes(StandardCharsets.UTF_8),
            form.getOrDefault("_csrf", "").getBytes(StandardCharsets.UTF_8))) {
          page(
              ex,
              403,
              "error",
              Map.of(
                  "title",
                  "Refused",
                  "error",
                  "the form has expired or"
                      + " did not come from this UI; reload the page and try again"));
          return;
        }
        if (settings.readOnly()) {
          readOnly(ex);
          return;
        }
      } else if (!method.equals("GET")) {
        text(ex, 405, "text/plain; charset=utf-8", "method not allowed");
        return;
      }
      route(ex, method, path, form);
    } catch (KubernetesClientException e) {
      LOG.warn("Kubernetes API: {}", e.getMessage());
      page(
          ex,
          e.getCode() >= 400 && e.getCode() < 600 ? e.getCode() : 502,
          "error",
          Map.of("title", "Kubernetes API error", "error", apiError(e)));
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("UI request {} failed", ex.getRequestURI(), e);
      page(ex, 500, "error", Map.of("title", "Error", "error", String.valueOf(e.getMessage())));
    }
  }

  private void route(HttpExchange ex, String method, String path, Map<String, String> form)
      throws IOException {
    boolean post = method.equals("POST");
    if (path.equals("/") || path.equals("/clusters") || path.equals("/clusters/")) {
      Map<String, Object> scope = new HashMap<>();
      scope.put("title", "Clusters");
      scope.put("clusters", views.clusters(configuration.load()));
      scope.put("scope", settings.namespace() == null ? "all namespaces" : settings.namespace());
      page(ex, 200, "clusters", scope);
      return;
    }
    if (path.equals("/operator") || path.equals("/operator/")) {
      Map<String, Object> scope = new HashMap<>(views.operatorStatus());
      scope.put("title", "Operator");
      page(ex, 200, "operator", scope);
      return;
    }
    if (path.equals("/new") || path.equals("/new/") || path.equals("/new/preview")) {
      if (!post) {
        if (settings.readOnly()) {
          readOnly(ex);
          return;
        }
        ClusterForm f =
            ClusterForm.defaults(
                settings.namespace() == null ? "default" : settings.namespace(),
                "",
                settings.versions().get(0));
        newForm(ex, 200, f, List.of());
      } else if (path.endsWith("/preview")) {
        ClusterForm f = ClusterForm.of(form);
        preview(ex, f.problems(), f.manifest());
      } else {
        create(ex, ClusterForm.of(form));
      }
      return;
    }
    Matcher m = CLUSTER.matcher(path);
    if (!m.matches()) {
      notFound(ex, "no page " + path);
      return;
    }
    String ns = m.group("ns");
    if (settings.namespace() != null && !settings.namespace().equals(ns)) {
      notFound(ex, "this UI shows the namespace " + settings.namespace() + " only");
      return;
    }
    String name = m.group("name");
    String action = m.group("action");
    boolean preview = m.group("preview") != null;
    if (action == null) {
      if (preview || post) {
        notFound(ex, "no page " + path);
        return;
      }
      Map<String, Object> scope = views.cluster(ns, name, configuration.load());
      if (scope == null) {
        notFound(ex, "there is no postgresql " + ns + "/" + name);
        return;
      }
      scope.put("title", ns + "/" + name);
      scope.put("refresh", !Boolean.TRUE.equals(scope.get("running")));
      page(ex, 200, "cluster", scope);
      return;
    }
    if (settings.readOnly()) {
      readOnly(ex);
      return;
    }
    GenericKubernetesResource raw = views.raw(ns, name);
    if (raw == null) {
      notFound(ex, "there is no postgresql " + ns + "/" + name);
      return;
    }
    switch (action) {
      case "edit" -> edit(ex, raw, post, preview, form);
      case "clone" -> cloneCluster(ex, raw, post, preview, form);
      default -> delete(ex, raw, post, form);
    }
  }

  // ---- create -------------------------------------------------------------------------------

  private void newForm(HttpExchange ex, int code, ClusterForm f, List<String> problems)
      throws IOException {
    Map<String, Object> scope = new HashMap<>();
    scope.put("title", "New cluster");
    scope.put("f", f);
    scope.put("versionOptions", options(settings.versions(), f.version()));
    scope.put("problems", problems);
    scope.put("preview", Yaml.of(Redaction.forDisplay(f.manifest())));
    page(ex, code, "new", scope);
  }

  private void create(HttpExchange ex, ClusterForm f) throws IOException {
    List<String> problems = new ArrayList<>(f.problems());
    if (settings.namespace() != null && !settings.namespace().equals(f.namespace())) {
      problems.add("namespace: this UI manages the namespace " + settings.namespace() + " only");
    }
    if (problems.isEmpty()) {
      problems.addAll(validate(f.manifest()));
    }
    if (!problems.isEmpty()) {
      newForm(ex, 200, f, problems);
      return;
    }
    GenericKubernetesResource r = generic(f.manifest());
    client
        .genericKubernetesResources(ClusterViews.GROUP_VERSION, "postgresql")
        .inNamespace(f.namespace())
        .resource(r)
        .create();
    LOG.info("UI created postgresql {}/{}", f.namespace(), f.clusterName());
    redirect(ex, clusterPath(f.namespace(), f.clusterName()));
  }

  // ---- edit ---------------------------------------------------------------------------------

  private void edit(
      HttpExchange ex,
      GenericKubernetesResource raw,
      boolean post,
      boolean preview,
      Map<String, String> form)
      throws IOException {
    Map<String, Object> spec = ClusterViews.spec(raw);
    if (!post) {
      editForm(ex, 200, raw, EditForm.of(spec), List.of(), raw.getMetadata().getResourceVersion());
      return;
    }
    EditForm f = EditForm.parse(form);
    Map<String, Object> changed = f.applyTo(spec);
    if (preview) {
      preview(ex, f.problems(), manifest(raw, changed));
      return;
    }
    List<String> problems = new ArrayList<>(f.problems());
    if (problems.isEmpty()) {
      problems.addAll(validate(manifest(raw, changed)));
    }
    String seen = form.getOrDefault("resourceVersion", "");
    if (!problems.isEmpty()) {
      // The version the user saw goes back with the form, so a concurrent change still counts.
      editForm(ex, 200, raw, f, problems, seen);
      return;
    }
    String current = raw.getMetadata().getResourceVersion();
    if (!seen.isEmpty()) {
      // The update is refused (409) if the manifest changed since the form was shown.
      raw.getMetadata().setResourceVersion(seen);
    }
    raw.setAdditionalProperty("spec", changed);
    try {
      client
          .genericKubernetesResources(ClusterViews.GROUP_VERSION, "postgresql")
          .inNamespace(raw.getMetadata().getNamespace())
          .resource(raw)
          .update();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      GenericKubernetesResource now =
          views.raw(raw.getMetadata().getNamespace(), raw.getMetadata().getName());
      editForm(
          ex,
          200,
          now == null ? raw : now,
          f,
          List.of(
              "the manifest changed since this form was shown (now below): nothing was written;"
                  + " check your values and apply again"),
          now == null ? current : now.getMetadata().getResourceVersion());
      return;
    }
    LOG.info(
        "UI changed postgresql {}/{}",
        raw.getMetadata().getNamespace(),
        raw.getMetadata().getName());
    redirect(ex, clusterPath(raw.getMetadata().getNamespace(), raw.getMetadata().getName()));
  }

  private void editForm(
      HttpExchange ex,
      int code,
      GenericKubernetesResource raw,
      EditForm f,
      List<String> problems,
      String resourceVersion)
      throws IOException {
    Map<String, Object> scope = new HashMap<>();
    scope.put("title", "Edit " + raw.getMetadata().getName());
    scope.put("namespace", raw.getMetadata().getNamespace());
    scope.put("name", raw.getMetadata().getName());
    scope.put("resourceVersion", resourceVersion);
    scope.put("f", f);
    List<String> versions = new ArrayList<>(settings.versions());
    if (!versions.contains(f.version())) {
      versions.add(0, f.version());
    }
    scope.put("versionOptions", options(versions, f.version()));
    scope.put("problems", problems);
    scope.put(
        "preview", Yaml.of(Redaction.forDisplay(manifest(raw, f.applyTo(ClusterViews.spec(raw))))));
    page(ex, code, "edit", scope);
  }

  // ---- clone --------------------------------------------------------------------------------

  private void cloneCluster(
      HttpExchange ex,
      GenericKubernetesResource raw,
      boolean post,
      boolean preview,
      Map<String, String> form)
      throws IOException {
    String ns = raw.getMetadata().getNamespace();
    Map<String, Object> spec = ClusterViews.spec(raw);
    String team = spec.get("teamId") == null ? "" : String.valueOf(spec.get("teamId"));
    CloneForm f =
        post ? CloneForm.parse(form) : new CloneForm(team.isEmpty() ? "" : team + "-", "");
    Map<String, Object> manifest =
        f.manifest(ns, raw.getMetadata().getName(), raw.getMetadata().getUid(), spec);
    if (preview) {
      preview(ex, f.problems(team), manifest);
      return;
    }
    List<String> problems = post ? new ArrayList<>(f.problems(team)) : List.of();
    if (post && problems.isEmpty()) {
      problems.addAll(validate(manifest));
    }
    if (!post || !problems.isEmpty()) {
      Map<String, Object> scope = new HashMap<>();
      scope.put("title", "Clone " + raw.getMetadata().getName());
      scope.put("namespace", ns);
      scope.put("name", raw.getMetadata().getName());
      scope.put("f", f);
      scope.put("problems", problems);
      scope.put("preview", Yaml.of(Redaction.forDisplay(manifest)));
      page(ex, 200, "clone", scope);
      return;
    }
    client
        .genericKubernetesResources(ClusterViews.GROUP_VERSION, "postgresql")
        .inNamespace(ns)
        .resource(generic(manifest))
        .create();
    LOG.info("UI cloned postgresql {}/{} to {}", ns, raw.getMetadata().getName(), f.name());
    redirect(ex, clusterPath(ns, f.name()));
  }

  // ---- delete -------------------------------------------------------------------------------

  private void delete(
      HttpExchange ex, GenericKubernetesResource raw, boolean post, Map<String, String> form)
      throws IOException {
    String ns = raw.getMetadata().getNamespace();
    String name = raw.getMetadata().getName();
    OperatorConfig config = configuration.load();
    String dateKey = config.get(Options.DELETE_ANNOTATION_DATE_KEY);
    String nameKey = config.get(Options.DELETE_ANNOTATION_NAME_KEY);
    Map<String, String> annotations = new LinkedHashMap<>();
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    if (dateKey != null && !dateKey.isEmpty()) {
      annotations.put(dateKey, today);
    }
    if (nameKey != null && !nameKey.isEmpty()) {
      annotations.put(nameKey, name);
    }
    String expected = ns + "/" + name;
    if (!post || !expected.equals(form.getOrDefault("confirm", "").trim())) {
      Map<String, Object> scope = new HashMap<>();
      scope.put("title", "Delete " + name);
      scope.put("namespace", ns);
      scope.put("name", name);
      scope.put("expected", expected);
      scope.put("protected", !annotations.isEmpty());
      scope.put(
          "annotations",
          annotations.entrySet().stream()
              .map(e -> Map.of("key", e.getKey(), "value", e.getValue()))
              .toList());
      scope.put(
          "problems",
          post ? List.of("confirm: type " + expected + " to delete the cluster") : List.of());
      page(ex, 200, "delete", scope);
      return;
    }
    var resource =
        client
            .genericKubernetesResources(ClusterViews.GROUP_VERSION, "postgresql")
            .inNamespace(ns)
            .withName(name);
    if (!annotations.isEmpty()) {
      // Zalando's delete protection: the operator removes the objects only with these set.
      Map<String, Object> patch = Map.of("metadata", Map.of("annotations", annotations));
      resource.patch(
          io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
              io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
          ClusterViews.json(patch));
    }
    try {
      resource.delete();
    } catch (KubernetesClientException e) {
      if (!annotations.isEmpty()) {
        // Not deleted: the protection is armed again rather than left open.
        Map<String, Object> undo = new LinkedHashMap<>();
        annotations.keySet().forEach(k -> undo.put(k, null));
        try {
          resource.patch(
              io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                  io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
              ClusterViews.json(Map.of("metadata", Map.of("annotations", undo))));
        } catch (KubernetesClientException again) {
          LOG.warn("UI: the delete annotations of {}/{} stay: {}", ns, name, again.getMessage());
        }
      }
      throw e;
    }
    LOG.info("UI deleted postgresql {}/{}", ns, name);
    redirect(ex, "/?deleted=" + URLEncoder.encode(expected, StandardCharsets.UTF_8));
  }

  // ---- shared -------------------------------------------------------------------------------

  private void preview(HttpExchange ex, List<String> formProblems, Map<String, Object> manifest)
      throws IOException {
    List<String> problems = new ArrayList<>(formProblems);
    List<String> warnings = new ArrayList<>();
    if (problems.isEmpty()) {
      ManifestValidator.Verdict verdict = verdict(manifest);
      verdict.errors().forEach(v -> problems.add(v.toString()));
      verdict.warnings().forEach(v -> warnings.add(v.toString()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("yaml", Yaml.of(Redaction.forDisplay(manifest)));
    body.put("problems", problems);
    body.put("warnings", warnings);
    text(ex, 200, "application/json", JSON.writeValueAsString(body));
  }

  /** The operator's own validation of a manifest, with its configuration (naming rules, etc.). */
  private List<String> validate(Map<String, Object> manifest) {
    return verdict(manifest).errors().stream().map(Violation::toString).toList();
  }

  private ManifestValidator.Verdict verdict(Map<String, Object> manifest) {
    Postgresql pg;
    try {
      pg = client.getKubernetesSerialization().convertValue(manifest, Postgresql.class);
    } catch (RuntimeException e) {
      return new ManifestValidator.Verdict(
          List.of(new Violation("spec", "cannot be read: " + e.getMessage())), List.of());
    }
    return ManifestValidator.check(pg, configuration.load());
  }

  private GenericKubernetesResource generic(Map<String, Object> manifest) {
    return client
        .getKubernetesSerialization()
        .convertValue(manifest, GenericKubernetesResource.class);
  }

  private static Map<String, Object> manifest(
      GenericKubernetesResource raw, Map<String, Object> spec) {
    return Manifests.of(raw.getMetadata().getNamespace(), raw.getMetadata().getName(), spec);
  }

  private static List<Map<String, Object>> options(List<String> values, String selected) {
    return values.stream()
        .map(v -> Map.<String, Object>of("value", v, "selected", v.equals(selected)))
        .toList();
  }

  private static String clusterPath(String ns, String name) {
    return "/clusters/" + ns + "/" + name;
  }

  private boolean authorized(HttpExchange ex) {
    String token = settings.token();
    if (token == null) {
      return true;
    }
    String header = ex.getRequestHeaders().getFirst("Authorization");
    if (header != null && header.startsWith("Bearer ") && same(token, header.substring(7).trim())) {
      return true;
    }
    String cookies = ex.getRequestHeaders().getFirst("Cookie");
    if (cookies != null) {
      for (String c : cookies.split(";")) {
        String[] kv = c.trim().split("=", 2);
        if (kv.length == 2 && kv[0].equals(COOKIE) && same(token, kv[1])) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Without a token the UI trusts its loopback address, so a request must name that address: a page
   * of another site whose name was made to point at 127.0.0.1 (DNS rebinding) sends its own name as
   * {@code Host} and is refused. A form must come from a page of the same address ({@code Origin}).
   * With a token, the token decides.
   */
  private boolean trustedHost(HttpExchange ex) {
    if (settings.token() != null) {
      return true;
    }
    String host = ex.getRequestHeaders().getFirst("Host");
    if (host == null) {
      return false;
    }
    String name =
        host.startsWith("[")
            ? host.substring(0, host.indexOf(']') + 1)
            : host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
    boolean loopbackName =
        name.equals("localhost")
            || name.equals("127.0.0.1")
            || name.equals("[::1]")
            || name.equals(settings.bindAddress())
            || name.equals("[" + settings.bindAddress() + "]");
    if (!loopbackName) {
      return false;
    }
    String origin = ex.getRequestHeaders().getFirst("Origin");
    return origin == null
        || !ex.getRequestMethod().equals("POST")
        || origin.equals("http://" + host);
  }

  private static boolean same(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private void login(HttpExchange ex, String method) throws IOException {
    if (settings.token() == null) {
      redirect(ex, "/");
      return;
    }
    if (method.equals("POST")) {
      String given = form(ex).getOrDefault("token", "");
      if (same(settings.token(), given)) {
        ex.getResponseHeaders()
            .add("Set-Cookie", COOKIE + "=" + given + "; Path=/; HttpOnly; SameSite=Strict");
        redirect(ex, "/");
        return;
      }
      page(ex, 401, "login", Map.of("title", "Sign in", "problems", List.of("wrong token")));
      return;
    }
    page(ex, 200, "login", Map.of("title", "Sign in", "problems", List.of()));
  }

  private void serveStatic(HttpExchange ex, String file) throws IOException {
    String type = STATIC_TYPES.get(file);
    if (type == null) {
      text(ex, 404, "text/plain; charset=utf-8", "not found");
      return;
    }
    try (InputStream in = UiServer.class.getResourceAsStream("static/" + file)) {
      if (in == null) {
        text(ex, 404, "text/plain; charset=utf-8", "not found");
        return;
      }
      ex.getResponseHeaders().set("Cache-Control", "no-cache");
      text(ex, 200, type, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private void page(HttpExchange ex, int code, String template, Map<String, Object> scope)
      throws IOException {
    Map<String, Object> all = new HashMap<>(scope);
    all.put("csrf", csrf);
    all.put("readOnly", settings.readOnly());
    all.put("writable", !settings.readOnly());
    all.put("signedIn", settings.token() != null);
    Mustache mustache = compiled.computeIfAbsent(template, t -> templates.compile(t + ".mustache"));
    StringWriter out = new StringWriter();
    mustache.execute(out, all);
    text(ex, code, "text/html; charset=utf-8", out.toString());
  }

  private void readOnly(HttpExchange ex) throws IOException {
    page(
        ex,
        403,
        "error",
        Map.of(
            "title", "Read-only", "error", "this UI runs in read-only mode: it changes nothing"));
  }

  private void notFound(HttpExchange ex, String what) throws IOException {
    page(ex, 404, "error", Map.of("title", "Not found", "error", what));
  }

  private static void redirect(HttpExchange ex, String location) throws IOException {
    ex.getResponseHeaders().set("Location", location);
    ex.sendResponseHeaders(303, -1);
  }

  private static void text(HttpExchange ex, int code, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    var h = ex.getResponseHeaders();
    h.set("Content-Type", type);
    h.set(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'");
    h.set("X-Content-Type-Options", "nosniff");
    // same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on the UI's own
    // forms, which the Origin check would refuse.
    h.set("Referrer-Policy", "same-origin");
    ex.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static Map<String, String> form(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readNBytes(1 << 20);
    Map<String, String> form = new HashMap<>();
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      String[] kv = pair.split("=", 2);
      form.put(
          URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return form;
  }

  /** The API server's reason (a 403 names the permission the UI's account lacks). */
  private static String apiError(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getCode() + ": " + e.getStatus().getMessage();
    }
    Throwable cause = e.getCause();
    return String.valueOf(e.getMessage())
        + (cause == null
            ? ""
            : " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")");
  }
}
