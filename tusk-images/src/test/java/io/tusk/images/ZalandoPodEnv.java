package io.tusk.images;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Source;
import io.tusk.spec.ClusterBuilder;
import io.tusk.spec.ClusterModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The postgres container environment Tusk's spec builders produce for an upstream example manifest,
 * resolved the way the local node resolves it: downward API from the pod, secrets as fake passwords
 * named after secret and key ({@code secret:<secret>/<key>}).
 */
public final class ZalandoPodEnv {

  public static final String POD_IP = "10.244.0.7";
  public static final String NAMESPACE = "default";

  private static final ObjectMapper YAML =
      new YAMLMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private ZalandoPodEnv() {}

  public static Path manifestsDir() {
    String dir = System.getProperty("tusk.reference.dir", "../../shared/reference");
    if (dir.isBlank() || dir.startsWith("${")) {
      dir = "/work/shared/reference";
    }
    return Path.of(dir, "zalando-v2.0.1", "manifests");
  }

  public static Postgresql manifest(String file) throws Exception {
    Postgresql pg =
        YAML.readValue(Files.readString(manifestsDir().resolve(file)), Postgresql.class);
    pg.getMetadata().setNamespace(NAMESPACE);
    pg.getMetadata().setUid("efd12e58-5786-11e8-b5a7-06148230260c");
    return pg;
  }

  /** The env of {@code <cluster>-0}'s postgres container under the ConfigMap defaults. */
  public static Map<String, String> of(String manifestFile) throws Exception {
    return of(manifest(manifestFile), OperatorConfig.defaults(Source.CONFIGMAP));
  }

  public static Map<String, String> of(Postgresql pg, OperatorConfig config) {
    Container postgres =
        ClusterBuilder.build(ClusterModel.of(pg, config))
            .statefulSet()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .stream()
            .filter(c -> c.getName().equals("postgres"))
            .findFirst()
            .orElseThrow();
    String podName = pg.getMetadata().getName() + "-0";
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar e : postgres.getEnv()) {
      if (e.getValueFrom() == null) {
        env.put(e.getName(), e.getValue() == null ? "" : e.getValue());
      } else if (e.getValueFrom().getFieldRef() != null) {
        String path = e.getValueFrom().getFieldRef().getFieldPath();
        env.put(
            e.getName(),
            switch (path) {
              case "status.podIP" -> POD_IP;
              case "metadata.namespace" -> NAMESPACE;
              case "metadata.name" -> podName;
              default -> throw new IllegalStateException("unexpected fieldRef " + path);
            });
      } else if (e.getValueFrom().getSecretKeyRef() != null) {
        env.put(
            e.getName(),
            "secret:"
                + e.getValueFrom().getSecretKeyRef().getName()
                + "/"
                + e.getValueFrom().getSecretKeyRef().getKey());
      } else {
        throw new IllegalStateException("unexpected env source for " + e.getName());
      }
    }
    return env;
  }
}
