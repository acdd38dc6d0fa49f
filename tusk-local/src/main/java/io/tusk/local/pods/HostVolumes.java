package io.tusk.local.pods;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.images.ImageException;
import io.tusk.images.PodUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prepares a pod's volumes as host directories, what the kubelet's volume plugins do: {@code
 * emptyDir} (also {@code medium: Memory}) is a directory of the pod, removed with it; a {@code
 * persistentVolumeClaim} is a directory per claim under {@code <data>/volumes/<namespace>/<claim>},
 * kept across pods so a recreated pod finds its data (removed when the claim is); {@code secret},
 * {@code configMap} and {@code downwardAPI} volumes are written as files (read-only by convention).
 * Containers see these directories through their mount paths only by the images' own path mapping
 * ({@code ContainerContext.hostPath}): there is no mount namespace per container.
 */
final class HostVolumes {

  private final KubernetesClient client;
  private final Path dataRoot;

  HostVolumes(KubernetesClient client, Path dataRoot) {
    this.client = client;
    this.dataRoot = dataRoot;
  }

  static Path claimDir(Path dataRoot, String namespace, String claim) {
    return dataRoot.resolve("volumes").resolve(namespace).resolve(claim);
  }

  /** Creates every volume of the pod; returns volume name to host directory. */
  Map<String, Path> prepare(Pod pod, Path podDir, PodUser user) throws IOException, ImageException {
    Map<String, Path> out = new LinkedHashMap<>();
    String ns = pod.getMetadata().getNamespace();
    if (pod.getSpec().getVolumes() == null) {
      return out;
    }
    for (Volume v : pod.getSpec().getVolumes()) {
      Path dir;
      if (v.getPersistentVolumeClaim() != null) {
        dir = claimDir(dataRoot, ns, v.getPersistentVolumeClaim().getClaimName());
        if (!Files.isDirectory(dir)) {
          user.directory(dir, "rwx------");
        }
      } else if (v.getSecret() != null) {
        dir = podDir.resolve("volumes").resolve(v.getName());
        Secret s = client.secrets().inNamespace(ns).withName(v.getSecret().getSecretName()).get();
        if (s == null && !Boolean.TRUE.equals(v.getSecret().getOptional())) {
          throw new ImageException(
              "secret \""
                  + v.getSecret().getSecretName()
                  + "\" not found (volume "
                  + v.getName()
                  + ")");
        }
        user.directory(dir, "rwxr-xr-x");
        if (s != null) {
          writeItems(dir, PodEnvironment.secretData(s), v.getSecret().getItems(), user);
        }
      } else if (v.getConfigMap() != null) {
        dir = podDir.resolve("volumes").resolve(v.getName());
        ConfigMap cm =
            client.configMaps().inNamespace(ns).withName(v.getConfigMap().getName()).get();
        if (cm == null && !Boolean.TRUE.equals(v.getConfigMap().getOptional())) {
          throw new ImageException(
              "configmap \""
                  + v.getConfigMap().getName()
                  + "\" not found (volume "
                  + v.getName()
                  + ")");
        }
        user.directory(dir, "rwxr-xr-x");
        if (cm != null && cm.getData() != null) {
          writeItems(dir, cm.getData(), v.getConfigMap().getItems(), user);
        }
      } else if (v.getDownwardAPI() != null) {
        dir = podDir.resolve("volumes").resolve(v.getName());
        user.directory(dir, "rwxr-xr-x");
        Map<String, String> files = new LinkedHashMap<>();
        for (var item : v.getDownwardAPI().getItems()) {
          if (item.getFieldRef() != null) {
            try {
              files.put(
                  item.getPath(),
                  PodEnvironment.field(pod, item.getFieldRef().getFieldPath(), null, null));
            } catch (PodEnvironment.ConfigException e) {
              throw new ImageException(e.getMessage());
            }
          }
        }
        writeItems(dir, files, null, user);
      } else {
        // emptyDir, and anything else the local node has no plugin for, is a plain directory.
        dir = podDir.resolve("volumes").resolve(v.getName());
        user.directory(dir, "rwxrwxrwx");
      }
      out.put(v.getName(), dir);
    }
    return out;
  }

  private static void writeItems(
      Path dir, Map<String, String> data, List<KeyToPath> items, PodUser user) throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    if (items == null || items.isEmpty()) {
      files.putAll(data);
    } else {
      for (KeyToPath k : items) {
        if (data.containsKey(k.getKey())) {
          files.put(k.getPath(), data.get(k.getKey()));
        }
      }
    }
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path target = dir.resolve(f.getKey()).normalize();
      if (!target.startsWith(dir)) {
        continue;
      }
      Files.createDirectories(target.getParent());
      user.file(target, f.getValue(), "rw-r--r--");
    }
  }

  /** Mount path to host path for one container ({@code subPath} resolved). */
  static Map<String, Path> mounts(Container c, Map<String, Path> volumes) throws IOException {
    Map<String, Path> out = new LinkedHashMap<>();
    if (c.getVolumeMounts() == null) {
      return out;
    }
    for (VolumeMount m : c.getVolumeMounts()) {
      Path dir = volumes.get(m.getName());
      if (dir == null) {
        continue;
      }
      if (m.getSubPath() != null && !m.getSubPath().isBlank()) {
        dir = dir.resolve(m.getSubPath()).normalize();
      }
      out.put(m.getMountPath(), dir);
    }
    return out;
  }
}
