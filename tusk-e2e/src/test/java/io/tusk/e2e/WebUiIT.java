package io.tusk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.it.DeployedRbac;
import io.tusk.it.OperatorHarness;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import io.tusk.ui.UiServer;
import io.tusk.ui.UiSettings;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real browser: Debian's Chromium, headless, driven by Selenium through Debian's
 * ChromeDriver, against the local environment with real pods and the operator. Every page must
 * render without a console error; the new-cluster form makes a cluster that becomes Running, the
 * edit form changes it, the clone form copies it, and delete (with Zalando's delete protection
 * configured) removes it only once the name is typed. A read-only UI shows the same and offers no
 * change. The UI acts as the {@code tusk-ui} service account of {@code deploy/ui-rbac.yaml}
 * (impersonated), which proves that set of permissions sufficient. Screenshots of each page land in
 * {@code target/ui-screenshots} (docs/ui holds copies).
 *
 * <p>The browser reaches nothing but loopback: every host name resolves to nothing and every
 * address but the UI's goes to a closed proxy port, and Chromium's background services are off.
 */
@LocalKubernetes
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiIT {
  static final String CLUSTER = "acid-webui";
  static final String CLONE = "acid-webui-copy";
  static final Duration START = Duration.ofMinutes(4);
  static final Path SHOTS =
      Path.of(System.getProperty("tusk.ui.screenshots", "target/ui-screenshots"));
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  @InjectClient KubernetesClient client;
  @InjectCluster LocalCluster cluster;

  private OperatorHarness operator;
  private KubernetesClient uiClient;
  private UiServer ui;
  private UiServer readOnlyUi;
  private WebDriver browser;
  private String ns;

  @BeforeAll
  void uiBesideTheOperatorAndABrowser() throws Exception {
    assertThat(new File(CHROMIUM).canExecute())
        .as("Chromium (apt-get install chromium chromium-driver; scripts/test.sh installs them)")
        .isTrue();
    assertThat(new File(CHROMEDRIVER).canExecute())
        .as("ChromeDriver (apt-get install chromium-driver; scripts/test.sh installs it)")
        .isTrue();
    ns = cluster.namespace();
    operator =
        RealPodsOperator.start(
            cluster,
            Map.of(
                "delete_annotation_date_key", "delete-date",
                "delete_annotation_name_key", "delete-clustername"));
    DeployedRbac.install(client, ns, "deploy/ui-rbac.yaml");
    Config config = cluster.adminConfig();
    config.setNamespace(ns);
    config.setImpersonateUsername("system:serviceaccount:" + ns + ":tusk-ui");
    config.setImpersonateGroups(
        "system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated");
    uiClient = new KubernetesClientBuilder().withConfig(config).build();
    ui = new UiServer(uiClient, settings(false)).start();
    Files.createDirectories(SHOTS);
    browser = chromium();
  }

  private UiSettings settings(boolean readOnly) {
    return new UiSettings(
        "127.0.0.1",
        0,
        null,
        readOnly,
        URI.create("http://127.0.0.1:" + operator.httpPort() + "/"),
        ns,
        List.of("17", "18", "15"),
        Map.of("CONFIG_MAP_NAME", OperatorHarness.CONFIG_MAP, "OPERATOR_NAMESPACE", ns));
  }

  static WebDriver chromium() {
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM);
    o.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1440,1100",
        // Loopback only: no name resolves, every other address goes to a closed port.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--proxy-server=http://127.0.0.1:9",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-domain-reliability",
        "--disable-features=Translate,OptimizationHints,MediaRouter,NetworkTimeServiceQuerying",
        "--no-first-run",
        "--no-pings",
        "--metrics-recording-only");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    o.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, o);
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    for (UiServer s : new UiServer[] {ui, readOnlyUi}) {
      if (s != null) {
        s.close();
      }
    }
    for (String name : List.of(CLUSTER, CLONE)) {
      Postgresql pg = client.resources(Postgresql.class).withName(name).get();
      if (pg != null) {
        // With the delete protection configured, the operator removes the objects only so.
        client
            .resources(Postgresql.class)
            .withName(name)
            .edit(
                p -> {
                  p.getMetadata()
                      .getAnnotations()
                      .putAll(
                          Map.of(
                              "delete-date",
                              LocalDate.now(ZoneOffset.UTC).toString(),
                              "delete-clustername",
                              name));
                  return p;
                });
        new ClusterView(client, name).deleteAndAwaitPodsGone();
      }
    }
    if (operator != null) {
      operator.close();
    }
    if (uiClient != null) {
      uiClient.close();
    }
  }

  private String url(String path) {
    return "http://127.0.0.1:" + ui.port() + path;
  }

  /** Opens a page and checks that it rendered without a console error. */
  private void open(String path) {
    browser.get(url(path));
    assertNoConsoleErrors(path);
  }

  private void assertNoConsoleErrors(String where) {
    List<LogEntry> severe =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .toList();
    assertThat(severe).as("console errors on %s", where).isEmpty();
  }

  /**
   * A wait that polls through page loads: an element found on the page being replaced goes stale
   * while the next one loads, which is a reason to look again, not a failure.
   */
  private FluentWait<WebDriver> waitUpTo(Duration limit) {
    return new WebDriverWait(browser, limit).ignoring(StaleElementReferenceException.class);
  }

  private WebElement find(String id) {
    return browser.findElement(By.id(id));
  }

  /** Submits the page's form and waits for the page it leads to. */
  private void submitAndAwait(String pathEnd) {
    find("submit").click();
    waitUpTo(Duration.ofSeconds(20))
        .withMessage("the page after submitting, ending with " + pathEnd)
        .until(b -> URI.create(b.getCurrentUrl()).getPath().endsWith(pathEnd));
  }

  private void type(String id, String text) {
    WebElement e = find(id);
    e.clear();
    e.sendKeys(text);
  }

  private void awaitPreview(String... fragments) {
    waitUpTo(Duration.ofSeconds(10))
        .withMessage("the live preview to show " + List.of(fragments))
        .until(
            b -> {
              String text = b.findElement(By.id("preview")).getText();
              for (String f : fragments) {
                if (!text.contains(f)) {
                  return false;
                }
              }
              return true;
            });
  }

  /** A screenshot of the whole page: the window grows to the page's height for it. */
  private void screenshot(String name) throws IOException {
    Dimension window = browser.manage().window().getSize();
    long height =
        ((Number)
                ((JavascriptExecutor) browser)
                    .executeScript("return document.documentElement.scrollHeight"))
            .longValue();
    browser
        .manage()
        .window()
        .setSize(new Dimension(window.getWidth(), (int) Math.min(height + 140, 4000)));
    try {
      File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
      Files.copy(shot.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } finally {
      browser.manage().window().setSize(window);
    }
  }

  /** Reloads a cluster's page until its status shows {@code status}. */
  private void awaitPageStatus(String name, String status, Duration limit) {
    await(name + " " + status + " on its page")
        .atMost(limit)
        .pollInterval(Duration.ofSeconds(3))
        .until(
            () -> {
              browser.get(url("/clusters/" + ns + "/" + name));
              return status.equals(find("status").getText());
            });
    assertNoConsoleErrors("/clusters/" + ns + "/" + name);
  }

  private List<String> column(String table, int index) {
    return browser
        .findElements(By.cssSelector("#" + table + " tbody tr td:nth-child(" + index + ")"))
        .stream()
        .map(WebElement::getText)
        .toList();
  }

  @Test
  @Order(1)
  void theNewClusterFormPreviewsTheManifestAndMakesARunningCluster() throws Exception {
    open("/");
    assertThat(find("no-clusters").getText()).contains("No postgresql manifests yet");

    find("nav-new").click();
    assertNoConsoleErrors("/new");
    type("team", "acid");
    type("name", "Web_UI");
    waitUpTo(Duration.ofSeconds(10))
        .until(b -> b.findElement(By.id("problems")).getText().contains("name: lowercase"));
    type("name", "webui");
    type("namespace", ns);
    type("instances", "1");
    type("users", "app_owner: createdb\n");
    type("databases", "app: app_owner\n");

    // The form takes any text for the size; the operator's own validation, which would make the
    // manifest Invalid, refuses it live and on submit, and nothing is created.
    type("volumeSize", "lots");
    String refused = "spec.volume.size: \"lots\" is not a valid quantity";
    waitUpTo(Duration.ofSeconds(10))
        .until(b -> b.findElement(By.id("problems")).getText().contains(refused));
    WebElement typed = find("problems");
    find("submit").click();
    waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(typed));
    waitUpTo(Duration.ofSeconds(20))
        .until(
            b ->
                b.findElement(By.id("problems")).getText().contains(refused)
                    && b.findElement(By.id("volumeSize")).getDomProperty("value").equals("lots"));
    assertNoConsoleErrors("/new refused");
    assertThat(client.resources(Postgresql.class).list().getItems()).isEmpty();
    type("volumeSize", "1Gi");

    awaitPreview(
        "name: acid-webui", "numberOfInstances: 1", "app: app_owner", "- createdb", "size: 1Gi");
    assertThat(find("problems").getText()).isEmpty();
    assertNoConsoleErrors("/new after typing");
    screenshot("new-cluster");

    submitAndAwait("/clusters/" + ns + "/" + CLUSTER);
    Postgresql made = client.resources(Postgresql.class).withName(CLUSTER).get();
    assertThat(made.getSpec().getTeamId()).isEqualTo("acid");
    assertThat(made.getSpec().getNumberOfInstances()).isEqualTo(1);
    assertThat(made.getSpec().getDatabases()).containsEntry("app", "app_owner");

    awaitPageStatus(CLUSTER, "Running", START);
    await("the leader among Patroni's members")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              browser.navigate().refresh();
              return column("members", 2).contains("leader");
            });
    assertThat(column("pods", 2)).containsExactly("master");
    assertThat(column("roles", 1)).contains("app_owner");
    assertThat(column("databases", 1)).containsExactly("app");
    assertThat(column("roles", 4))
        .contains("app-owner." + CLUSTER + ".credentials.postgresql.acid.zalan.do");
    assertThat(column("roles", 1)).contains("postgres", "standby");
    assertThat(column("services", 1)).contains(CLUSTER, CLUSTER + "-repl");
    assertThat(column("volumes", 1)).contains("pgdata-" + CLUSTER + "-0");
    assertThat(column("events", 3)).anyMatch(o -> o.startsWith("postgresql/" + CLUSTER));
    assertThat(find("log").getText().lines())
        .as("the operator's log lines for the cluster, one per line")
        .hasSizeGreaterThan(1)
        .anyMatch(l -> l.contains(CLUSTER));
    assertThat(browser.findElements(By.cssSelector("#progress li.todo"))).isEmpty();
    var secrets = new ClusterView(client, CLUSTER).secrets();
    assertThat(secrets).as("the cluster's credential Secrets").isNotEmpty();
    for (var secret : secrets) {
      assertThat(browser.getPageSource())
          .as("the page shows no password")
          .doesNotContain(ClusterView.decode(secret, "password"));
    }

    open("/");
    assertThat(column("clusters", 2)).containsExactly(CLUSTER);
    assertThat(column("clusters", 8)).first().asString().startsWith("Running");
    screenshot("clusters");
  }

  @Test
  @Order(2)
  void theEditFormChangesTheRunningCluster() throws Exception {
    open("/clusters/" + ns + "/" + CLUSTER);
    find("edit").click();
    assertNoConsoleErrors("edit");
    assertThat(find("instances").getDomProperty("value")).isEqualTo("1");
    type("instances", "2");
    type("databases", "app: app_owner\nreports: app_owner\n");
    awaitPreview("numberOfInstances: 2", "reports: app_owner");
    screenshot("edit");

    submitAndAwait("/clusters/" + ns + "/" + CLUSTER);
    Postgresql changed = client.resources(Postgresql.class).withName(CLUSTER).get();
    assertThat(changed.getSpec().getNumberOfInstances()).isEqualTo(2);
    assertThat(changed.getSpec().getDatabases()).containsEntry("reports", "app_owner");
    assertThat(changed.getSpec().getUsers()).containsKey("app_owner");

    await("a second member streaming, on the page")
        .atMost(START)
        .pollInterval(Duration.ofSeconds(3))
        .until(
            () -> {
              browser.get(url("/clusters/" + ns + "/" + CLUSTER));
              return column("members", 3).stream().filter(s -> s.equals("streaming")).count() == 1
                  && column("pods", 3).equals(List.of("yes", "yes"));
            });
    assertNoConsoleErrors("cluster after edit");
    assertThat(column("members", 5)).anyMatch(lag -> lag.matches("\\d+"));
    assertThat(find("instances").getText()).isEqualTo("2");
    screenshot("cluster");
  }

  @Test
  @Order(3)
  void theCloneFormCopiesTheRunningCluster() throws Exception {
    open("/clusters/" + ns + "/" + CLUSTER + "/clone");
    type("name", CLONE);
    awaitPreview("name: " + CLONE, "cluster: " + CLUSTER);
    screenshot("clone");

    submitAndAwait("/clusters/" + ns + "/" + CLONE);
    Postgresql clone = client.resources(Postgresql.class).withName(CLONE).get();
    assertThat(clone.getSpec().getClone().getCluster()).isEqualTo(CLUSTER);
    assertThat(clone.getSpec().getDatabases()).containsEntry("reports", "app_owner");
    awaitPageStatus(CLONE, "Running", START);
  }

  @Test
  @Order(4)
  void deleteNeedsTheTypedNameAndSetsTheDeleteProtectionAnnotations() throws Exception {
    open("/clusters/" + ns + "/" + CLONE + "/delete");
    assertThat(find("annotations").getText())
        .contains("delete-date: " + LocalDate.now(ZoneOffset.UTC))
        .contains("delete-clustername: " + CLONE);
    type("confirm", CLONE);
    screenshot("delete");
    find("submit").click();
    waitUpTo(Duration.ofSeconds(20))
        .until(
            b -> b.findElement(By.id("problems")).getText().contains("type " + ns + "/" + CLONE));
    assertNoConsoleErrors("delete with the wrong confirmation");
    assertThat(client.resources(Postgresql.class).withName(CLONE).get()).isNotNull();

    type("confirm", ns + "/" + CLONE);
    submitAndAwait("/");
    assertNoConsoleErrors("after delete");
    assertThat(browser.getCurrentUrl()).contains("/?deleted=");
    await("the clone's manifest, StatefulSet and pods gone")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                client.resources(Postgresql.class).withName(CLONE).get() == null
                    && client.apps().statefulSets().withName(CLONE).get() == null
                    && new ClusterView(client, CLONE).pods().isEmpty());
    open("/");
    assertThat(column("clusters", 2)).containsExactly(CLUSTER);
  }

  @Test
  @Order(5)
  void theOperatorPageShowsItsStatusAndWorkers() throws Exception {
    open("/operator");
    assertThat(browser.findElements(By.id("operator-problem"))).isEmpty();
    assertThat(column("workers", 1)).isNotEmpty();
    assertThat(find("operator-status").getText()).contains("ready");
    screenshot("operator");
  }

  @Test
  @Order(6)
  void aReadOnlyUiShowsTheClusterAndOffersNoChange() throws Exception {
    readOnlyUi = new UiServer(uiClient, settings(true)).start();
    String base = "http://127.0.0.1:" + readOnlyUi.port();
    browser.get(base + "/");
    assertNoConsoleErrors("read-only /");
    assertThat(find("read-only").getText()).isEqualTo("read-only");
    assertThat(column("clusters", 2)).containsExactly(CLUSTER);
    assertThat(browser.findElements(By.id("nav-new"))).isEmpty();
    assertThat(browser.findElements(By.linkText("edit"))).isEmpty();
    browser.get(base + "/clusters/" + ns + "/" + CLUSTER);
    assertNoConsoleErrors("read-only cluster page");
    assertThat(find("status").getText()).isEqualTo("Running");
    assertThat(browser.findElements(By.id("delete"))).isEmpty();
    browser.get(base + "/clusters/" + ns + "/" + CLUSTER + "/delete");
    assertThat(find("error").getText()).contains("read-only");
    assertThat(client.resources(Postgresql.class).withName(CLUSTER).get()).isNotNull();
  }
}
