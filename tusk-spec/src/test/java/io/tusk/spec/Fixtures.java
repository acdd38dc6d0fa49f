package io.tusk.spec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.api.acid.v1.PostgresqlParam;
import io.tusk.api.acid.v1.Volume;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Option;
import io.tusk.config.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Test fixtures: clusters, configurations and the upstream example manifests. */
public final class Fixtures {

  public static final String UID = "efd12e58-5786-11e8-b5a7-06148230260c";

  private static final ObjectMapper YAML =
      new YAMLMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Fixtures() {}

  /** The ConfigMap-mode defaults (Zalando's config.go struct tags). */
  public static OperatorConfig config() {
    return OperatorConfig.defaults(Source.CONFIGMAP);
  }

  /** Defaults with one override. */
  public static <T> OperatorConfig config(Option<T> option, T value) {
    return config().withOverride(option, value);
  }

  /** {@code acid-test-cluster} in {@code default}, team {@code acid}, one 1Gi instance of PG 18. */
  public static Postgresql cluster() {
    return cluster("acid-test-cluster", "default", spec -> {});
  }

  public static Postgresql cluster(Consumer<PostgresSpec> customizer) {
    return cluster("acid-test-cluster", "default", customizer);
  }

  public static Postgresql cluster(
      String name, String namespace, Consumer<PostgresSpec> customizer) {
    Postgresql pg = new Postgresql();
    pg.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace(namespace).withUid(UID).build());
    PostgresSpec spec = new PostgresSpec();
    spec.setTeamId("acid");
    spec.setNumberOfInstances(1);
    PostgresqlParam param = new PostgresqlParam();
    param.setVersion("18");
    spec.setPostgresql(param);
    Volume volume = new Volume();
    volume.setSize("1Gi");
    spec.setVolume(volume);
    customizer.accept(spec);
    pg.setSpec(spec);
    return pg;
  }

  public static ClusterModel model(Postgresql cluster, OperatorConfig config) {
    return new ClusterModel(cluster, config, Observed.none());
  }

  public static ClusterModel model(Postgresql cluster) {
    return model(cluster, config());
  }

  /** Manifest-style resources; null values stay unset. */
  public static io.tusk.api.acid.v1.Resources resources(
      String cpuReq, String memReq, String cpuLim, String memLim) {
    io.tusk.api.acid.v1.Resources r = new io.tusk.api.acid.v1.Resources();
    io.tusk.api.acid.v1.ResourceDescription req = new io.tusk.api.acid.v1.ResourceDescription();
    req.setCpu(cpuReq);
    req.setMemory(memReq);
    io.tusk.api.acid.v1.ResourceDescription lim = new io.tusk.api.acid.v1.ResourceDescription();
    lim.setCpu(cpuLim);
    lim.setMemory(memLim);
    r.setRequests(req);
    r.setLimits(lim);
    return r;
  }

  /** The folder of Zalando's v2.0.1 example manifests. */
  public static Path manifestsDir() {
    String dir = System.getProperty("tusk.reference.dir", "../../shared/reference");
    return Path.of(dir, "zalando-v2.0.1", "manifests");
  }

  /** Loads an upstream example manifest. */
  public static Postgresql manifest(String fileName) {
    try {
      return YAML.readValue(Files.readString(manifestsDir().resolve(fileName)), Postgresql.class);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read manifest " + fileName, e);
    }
  }
}
