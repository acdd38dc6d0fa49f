package io.tusk.spec.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.api.acid.v1.Resources;
import io.tusk.api.acid.v1.Sidecar;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.ClusterBuilder;
import io.tusk.spec.Fixtures;
import io.tusk.spec.InvalidSpecException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Ported from Zalando's k8sres_test.go#TestGenerateResourceRequirements. */
class ContainerResourcesTest {

  private static final String IGNORE_KEY = "zalando.org/ignore-resources-limits";

  /** The Go test's configResources. */
  private static OperatorConfig config() {
    return Fixtures.config()
        .withOverride(Options.DEFAULT_CPU_REQUEST, "100m")
        .withOverride(Options.DEFAULT_CPU_LIMIT, "1")
        .withOverride(Options.MAX_CPU_REQUEST, "500m")
        .withOverride(Options.MIN_CPU_LIMIT, "250m")
        .withOverride(Options.DEFAULT_MEMORY_REQUEST, "100Mi")
        .withOverride(Options.DEFAULT_MEMORY_LIMIT, "500Mi")
        .withOverride(Options.MAX_MEMORY_REQUEST, "1Gi")
        .withOverride(Options.MIN_MEMORY_LIMIT, "250Mi");
  }

  /** The Go test's config with no resource defaults at all. */
  private static OperatorConfig emptyConfig() {
    OperatorConfig c = Fixtures.config();
    for (var o :
        List.of(
            Options.DEFAULT_CPU_REQUEST,
            Options.DEFAULT_CPU_LIMIT,
            Options.MAX_CPU_REQUEST,
            Options.MIN_CPU_LIMIT,
            Options.DEFAULT_MEMORY_REQUEST,
            Options.DEFAULT_MEMORY_LIMIT,
            Options.MAX_MEMORY_REQUEST,
            Options.MIN_MEMORY_LIMIT)) {
      c = c.withOverride(o, "");
    }
    return c;
  }

  static Resources resources(String cpuReq, String memReq, String cpuLim, String memLim) {
    return Fixtures.resources(cpuReq, memReq, cpuLim, memLim);
  }

  /** Builds the cluster and returns the resources of the last container (postgres or sidecar). */
  private static ResourceRequirements generated(
      OperatorConfig config, Map<String, String> annotations, Consumer<PostgresSpec> spec) {
    Postgresql pg = Fixtures.cluster(spec);
    pg.getMetadata().setAnnotations(annotations);
    StatefulSet sts = ClusterBuilder.build(Fixtures.model(pg, config)).statefulSet();
    List<Container> containers = sts.getSpec().getTemplate().getSpec().getContainers();
    return containers.get(containers.size() - 1).getResources();
  }

  private static void assertResources(
      ResourceRequirements actual, Map<String, String> requests, Map<String, String> limits) {
    assertThat(amounts(actual.getRequests()))
        .as("requests")
        .isEqualTo(amounts(quantities(requests)));
    assertThat(amounts(actual.getLimits())).as("limits").isEqualTo(amounts(quantities(limits)));
  }

  private static Map<String, Quantity> quantities(Map<String, String> values) {
    Map<String, Quantity> result = new TreeMap<>();
    values.forEach((k, v) -> result.put(k, new Quantity(v)));
    return result;
  }

  private static Map<String, String> amounts(Map<String, Quantity> values) {
    Map<String, String> result = new TreeMap<>();
    if (values != null) {
      values.forEach(
          (k, v) -> result.put(k, Quantities.amount(v).stripTrailingZeros().toPlainString()));
    }
    return result;
  }

  private static Sidecar sidecar(Resources r) {
    Sidecar s = new Sidecar();
    s.setName("postgres-exporter");
    s.setImage("test-image");
    s.setResources(r);
    return s;
  }

  @Test
  void defaultsWhenEmptyInManifest() {
    assertResources(
        generated(config(), null, s -> {}),
        Map.of("cpu", "100m", "memory", "100Mi"),
        Map.of("cpu", "1", "memory", "500Mi"));
  }

  @Test
  void defaultsForSidecar() {
    assertResources(
        generated(config(), null, s -> s.setSidecars(List.of(sidecar(null)))),
        Map.of("cpu", "100m", "memory", "100Mi"),
        Map.of("cpu", "1", "memory", "500Mi"));
  }

  @Test
  void onlyRequestsDefinedInManifest() {
    assertResources(
        generated(config(), null, s -> s.setResources(resources("50m", "50Mi", null, null))),
        Map.of("cpu", "50m", "memory", "50Mi"),
        Map.of("cpu", "1", "memory", "500Mi"));
  }

  @Test
  void onlyMemoryDefinedInManifest() {
    assertResources(
        generated(config(), null, s -> s.setResources(resources(null, "100Mi", null, "1Gi"))),
        Map.of("cpu", "100m", "memory", "100Mi"),
        Map.of("cpu", "1", "memory", "1Gi"));
  }

  @Test
  void noDefaultLimits() {
    OperatorConfig c =
        emptyConfig()
            .withOverride(Options.DEFAULT_CPU_REQUEST, "100m")
            .withOverride(Options.DEFAULT_MEMORY_REQUEST, "100Mi");
    assertResources(
        generated(c, null, s -> {}), Map.of("cpu", "100m", "memory", "100Mi"), Map.of());
  }

  @Test
  void allThresholdsZero() {
    OperatorConfig c = emptyConfig();
    for (var o :
        List.of(
            Options.DEFAULT_CPU_REQUEST,
            Options.DEFAULT_CPU_LIMIT,
            Options.MAX_CPU_REQUEST,
            Options.MIN_CPU_LIMIT,
            Options.DEFAULT_MEMORY_REQUEST,
            Options.DEFAULT_MEMORY_LIMIT,
            Options.MAX_MEMORY_REQUEST,
            Options.MIN_MEMORY_LIMIT)) {
      c = c.withOverride(o, "0");
    }
    assertResources(
        generated(c, null, s -> s.setResources(resources(null, null, "5m", "5Mi"))),
        Map.of(),
        Map.of("cpu", "5m", "memory", "5Mi"));
  }

  @Test
  void limitsRaisedToRequests() {
    assertResources(
        generated(config(), null, s -> s.setResources(resources(null, "750Mi", null, "300Mi"))),
        Map.of("cpu", "100m", "memory", "750Mi"),
        Map.of("cpu", "1", "memory", "750Mi"));
  }

  @Test
  void minimumLimitWithoutDefaults() {
    OperatorConfig c = emptyConfig().withOverride(Options.MIN_MEMORY_LIMIT, "250Mi");
    assertResources(
        generated(c, null, s -> s.setResources(resources(null, "500Mi", null, null))),
        Map.of("memory", "500Mi"),
        Map.of("memory", "500Mi"));
  }

  @Test
  void setMemoryRequestToLimit() {
    OperatorConfig c = config().withOverride(Options.SET_MEMORY_REQUEST_TO_LIMIT, true);
    assertResources(
        generated(c, null, s -> s.setResources(resources(null, "200Mi", null, "300Mi"))),
        Map.of("cpu", "100m", "memory", "300Mi"),
        Map.of("cpu", "1", "memory", "300Mi"));
  }

  @Test
  void setMemoryRequestToLimitForSidecarToo() {
    OperatorConfig c = config().withOverride(Options.SET_MEMORY_REQUEST_TO_LIMIT, true);
    assertResources(
        generated(
            c,
            null,
            s -> s.setSidecars(List.of(sidecar(resources("10m", "10Mi", "100m", "100Mi"))))),
        Map.of("cpu", "10m", "memory", "100Mi"),
        Map.of("cpu", "100m", "memory", "100Mi"));
  }

  @Test
  void resourcesFromManifest() {
    assertResources(
        generated(config(), null, s -> s.setResources(resources("10m", "250Mi", "400m", "800Mi"))),
        Map.of("cpu", "10m", "memory", "250Mi"),
        Map.of("cpu", "400m", "memory", "800Mi"));
  }

  @Test
  void minimumLimitsEnforcedUnlessAnnotationIsTrue() {
    OperatorConfig c =
        config().withOverride(Options.IGNORE_RESOURCES_LIMITS_ANNOTATION_KEY, IGNORE_KEY);
    assertResources(
        generated(
            c,
            Map.of(IGNORE_KEY, "false"),
            s -> s.setResources(resources("100m", "100Mi", "200m", "200Mi"))),
        Map.of("cpu", "100m", "memory", "100Mi"),
        Map.of("cpu", "250m", "memory", "250Mi"));
    assertResources(
        generated(
            c,
            Map.of(IGNORE_KEY, "true"),
            s -> s.setResources(resources("100m", "100Mi", "200m", "200Mi"))),
        Map.of("cpu", "100m", "memory", "100Mi"),
        Map.of("cpu", "200m", "memory", "200Mi"));
  }

  @Test
  void minimumLimitsNotEnforcedOnSidecar() {
    assertResources(
        generated(
            config(),
            null,
            s -> s.setSidecars(List.of(sidecar(resources("10m", "10Mi", "100m", "100Mi"))))),
        Map.of("cpu", "10m", "memory", "10Mi"),
        Map.of("cpu", "100m", "memory", "100Mi"));
  }

  @Test
  void maximumRequestsEnforcedUnlessAnnotationIsTrue() {
    OperatorConfig c =
        config().withOverride(Options.IGNORE_RESOURCES_LIMITS_ANNOTATION_KEY, IGNORE_KEY);
    assertResources(
        generated(
            c, Map.of(IGNORE_KEY, "yes"), s -> s.setResources(resources("1", "2Gi", "2", "4Gi"))),
        Map.of("cpu", "500m", "memory", "1Gi"),
        Map.of("cpu", "2", "memory", "4Gi"));
    assertResources(
        generated(
            c, Map.of(IGNORE_KEY, "true"), s -> s.setResources(resources("1", "2Gi", "2", "4Gi"))),
        Map.of("cpu", "1", "memory", "2Gi"),
        Map.of("cpu", "2", "memory", "4Gi"));
  }

  @Test
  void memoryRequestRaisedToLimitOnlyUpToMaximum() {
    OperatorConfig c = config().withOverride(Options.SET_MEMORY_REQUEST_TO_LIMIT, true);
    assertResources(
        generated(c, null, s -> s.setResources(resources(null, "500Mi", null, "2Gi"))),
        Map.of("cpu", "100m", "memory", "1Gi"),
        Map.of("cpu", "1", "memory", "2Gi"));
  }

  @Test
  void hugePagesOnlyWhenRequested() {
    assertResources(
        generated(config(), null, s -> s.setResources(new Resources())),
        Map.of("cpu", "100m", "memory", "100Mi"),
        Map.of("cpu", "1", "memory", "500Mi"));
    Consumer<PostgresSpec> huge =
        s -> {
          Resources r = resources(null, null, null, null);
          r.getRequests().setHugepages2Mi("128Mi");
          r.getRequests().setHugepages1Gi("1Gi");
          r.getLimits().setHugepages2Mi("256Mi");
          r.getLimits().setHugepages1Gi("2Gi");
          s.setResources(r);
        };
    assertResources(
        generated(config(), null, huge),
        Map.of("cpu", "100m", "memory", "100Mi", "hugepages-2Mi", "128Mi", "hugepages-1Gi", "1Gi"),
        Map.of("cpu", "1", "memory", "500Mi", "hugepages-2Mi", "256Mi", "hugepages-1Gi", "2Gi"));
  }

  @Test
  void hugePagesOnSidecars() {
    Resources r = resources(null, null, null, null);
    r.getRequests().setHugepages2Mi("128Mi");
    r.getLimits().setHugepages1Gi("2Gi");
    assertResources(
        generated(config(), null, s -> s.setSidecars(List.of(sidecar(r)))),
        Map.of("cpu", "100m", "memory", "100Mi", "hugepages-2Mi", "128Mi"),
        Map.of("cpu", "1", "memory", "500Mi", "hugepages-1Gi", "2Gi"));
  }

  @Test
  void userValuesKeepTheirSpelling() {
    ResourceRequirements r =
        generated(config(), null, s -> s.setResources(resources("10m", "250Mi", "400m", "800Mi")));
    assertThat(r.getRequests().get("memory").toString()).isEqualTo("250Mi");
  }

  @Test
  void invalidQuantityNamesTheField() {
    assertThatThrownBy(
            () ->
                generated(config(), null, s -> s.setResources(resources("ten", null, null, null))))
        .isInstanceOf(InvalidSpecException.class)
        .extracting(e -> ((InvalidSpecException) e).field())
        .isEqualTo("spec.resources.requests.cpu");
  }

  @Test
  void quantityRules() {
    assertThat(Quantities.isValid("1Gi")).isTrue();
    assertThat(Quantities.isValid("0.7Gi")).isTrue();
    assertThat(Quantities.isValid("1e3")).isTrue();
    assertThat(Quantities.isValid("500m")).isTrue();
    assertThat(Quantities.isValid("1GB")).isFalse();
    assertThat(Quantities.isValid("ten")).isFalse();
    assertThat(Quantities.isValid("")).isFalse();
    assertThat(Quantities.isValid(" 1Gi")).isFalse();
    assertThat(Quantities.sameAmount(new Quantity("1Gi"), new Quantity("1024Mi"))).isTrue();
  }
}
