package io.tusk.spec.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.tusk.api.acid.v1.ResourceDescription;
import io.tusk.api.acid.v1.Resources;
import io.tusk.api.acid.v1.Sidecar;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.InvalidSpecException;
import io.tusk.spec.naming.ClusterNames;
import io.tusk.spec.spilo.EnvVars;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Sidecar containers of the Postgres pod. Mirrors the sidecar part of {@code
 * k8sres.go#generateStatefulSet} with {@code generateSidecarContainers}, {@code
 * generateScalyrSidecarSpec}, {@code util.go#mergeContainers} and {@code patchSidecarContainers}
 * (v2.0.1).
 *
 * <p>Sources in precedence order (the first container of a name wins): the manifest's {@code
 * sidecars}, the configured {@code sidecars} (full container specs), the deprecated {@code
 * sidecar_docker_images} (sorted by name) and the deprecated Scalyr sidecar. Every sidecar gets
 * {@code POD_NAME}, {@code POD_NAMESPACE}, {@code POSTGRES_USER} and {@code POSTGRES_PASSWORD}
 * (before its own variables) and the {@code pgdata} mount.
 */
public final class Sidecars {

  public static final String SCALYR_SIDECAR = "scalyr-sidecar";

  private Sidecars() {}

  /** The merged and patched sidecars; throws when one lacks a name or image. */
  public static List<Container> build(ClusterModel model, List<VolumeMount> spiloMounts) {
    OperatorConfig config = model.config();
    Resources defaults = ContainerResources.defaults(config);

    List<Container> clusterSidecars = new ArrayList<>();
    List<Sidecar> manifest = model.spec().getSidecars();
    if (manifest != null) {
      for (int i = 0; i < manifest.size(); i++) {
        clusterSidecars.add(fromManifest(model, manifest.get(i), i, defaults));
      }
    }

    List<Container> byImage = new ArrayList<>();
    Map<String, String> images = new TreeMap<>(config.get(Options.SIDECAR_DOCKER_IMAGES));
    int index = clusterSidecars.size();
    for (Map.Entry<String, String> e : images.entrySet()) {
      Sidecar s = new Sidecar();
      s.setName(e.getKey());
      s.setImage(e.getValue());
      byImage.add(fromManifest(model, s, index++, defaults));
    }

    List<Container> scalyr = scalyr(model, defaults);

    List<Container> merged = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (List<Container> group :
        List.of(clusterSidecars, config.get(Options.SIDECARS), byImage, scalyr)) {
      for (Container c : group) {
        if (taken.add(c.getName())) {
          merged.add(c);
        }
      }
    }

    String superuser = config.get(Options.SUPER_USERNAME);
    String secret = ClusterNames.of(model).credentialSecret(superuser);
    List<Container> result = new ArrayList<>();
    for (Container c : merged) {
      List<VolumeMount> mounts =
          new ArrayList<>(c.getVolumeMounts() == null ? List.of() : c.getVolumeMounts());
      mounts.addAll(spiloMounts);
      List<EnvVar> env =
          List.of(
              EnvVars.fieldRef("POD_NAME", "metadata.name"),
              EnvVars.fieldRef("POD_NAMESPACE", "metadata.namespace"),
              EnvVars.value("POSTGRES_USER", superuser),
              EnvVars.secretKeyRef("POSTGRES_PASSWORD", secret, "password"));
      result.add(
          new ContainerBuilder(c)
              .withVolumeMounts(mounts)
              .withEnv(EnvVars.appendIfAbsent(env, c.getEnv()))
              .build());
    }
    validate(result, "sidecars");
    return result;
  }

  /** Fails when a container lacks a name or image ({@code k8sres.go#validateContainers}). */
  public static void validate(List<Container> containers, String what) {
    for (int i = 0; i < containers.size(); i++) {
      Container c = containers.get(i);
      if (c.getName() == null || c.getName().isEmpty()) {
        throw new InvalidSpecException(
            what + "[" + i + "]", "container[" + i + "]: name is required");
      }
      if (c.getImage() == null || c.getImage().isEmpty()) {
        throw new InvalidSpecException(
            what + "[" + i + "]", "container '" + c.getName() + "': image is required");
      }
    }
  }

  private static Container fromManifest(
      ClusterModel model, Sidecar s, int index, Resources defaults) {
    String name = s.getName() == null || s.getName().isEmpty() ? "sidecar-" + index : s.getName();
    return new ContainerBuilder()
        .withName(name)
        .withImage(s.getImage())
        .withImagePullPolicy("IfNotPresent")
        .withResources(
            ContainerResources.build(
                model,
                s.getResources(),
                defaults,
                s.getName(),
                "spec.sidecars[" + index + "].resources"))
        .withEnv(s.getEnv() == null ? null : List.copyOf(s.getEnv()))
        .withPorts(s.getPorts() == null ? null : List.copyOf(s.getPorts()))
        .withCommand(s.getCommand() == null ? null : List.copyOf(s.getCommand()))
        .build();
  }

  private static List<Container> scalyr(ClusterModel model, Resources defaults) {
    OperatorConfig config = model.config();
    String apiKey = config.get(Options.SCALYR_API_KEY);
    String image = config.get(Options.SCALYR_IMAGE);
    if (apiKey == null || apiKey.isEmpty() || image == null || image.isEmpty()) {
      return List.of();
    }
    Resources resources = new Resources();
    ResourceDescription requests = new ResourceDescription();
    requests.setCpu(config.get(Options.SCALYR_CPU_REQUEST));
    requests.setMemory(config.get(Options.SCALYR_MEMORY_REQUEST));
    ResourceDescription limits = new ResourceDescription();
    limits.setCpu(config.get(Options.SCALYR_CPU_LIMIT));
    limits.setMemory(config.get(Options.SCALYR_MEMORY_LIMIT));
    resources.setRequests(requests);
    resources.setLimits(limits);
    List<EnvVar> env = new ArrayList<>();
    env.add(EnvVars.value("SCALYR_API_KEY", apiKey));
    env.add(EnvVars.value("SCALYR_SERVER_HOST", model.name()));
    String url = config.get(Options.SCALYR_SERVER_URL);
    if (url != null && !url.isEmpty()) {
      env.add(EnvVars.value("SCALYR_SERVER_URL", url));
    }
    return List.of(
        new ContainerBuilder()
            .withName(SCALYR_SIDECAR)
            .withImage(image)
            .withImagePullPolicy("IfNotPresent")
            .withEnv(env)
            .withResources(
                ContainerResources.build(model, resources, defaults, SCALYR_SIDECAR, "scalyr"))
            .build());
  }
}
