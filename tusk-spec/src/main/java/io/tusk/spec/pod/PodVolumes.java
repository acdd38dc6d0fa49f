package io.tusk.spec.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.tusk.api.acid.v1.AdditionalVolume;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.TLSDescription;
import io.tusk.spec.spilo.EnvVars;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Volumes of the Postgres pod and where they are mounted. Mirrors {@code
 * k8sres.go#generateVolumeMounts/addShmVolume/addVarRunVolume/addSecretVolume/
 * addAdditionalVolumes/generateTlsMounts} (v2.0.1).
 *
 * <p>The methods take the pod's containers and volume list and append to them in Zalando's order:
 * {@code dshm}, {@code postgresql-run}, the additional secret mount, then additional volumes
 * (manifest first, TLS secrets last).
 */
public final class PodVolumes {

  /** Mount point of the data volume. */
  public static final String DATA_MOUNT = "/home/postgres/pgdata";

  public static final String SHM_VOLUME = "dshm";
  public static final String SHM_PATH = "/dev/shm";
  public static final String RUN_VOLUME = "postgresql-run";
  public static final String RUN_PATH = "/var/run/postgresql";
  public static final String TLS_PATH = "/tls";
  public static final String TLS_CA_PATH = "/tlsca";

  /** Target container name meaning "every container of the pod". */
  public static final String ALL_CONTAINERS = "all";

  /** An extra volume together with where to mount it. */
  public record Mount(
      String name,
      String mountPath,
      String subPath,
      boolean subPathExpr,
      List<String> targetContainers,
      Volume volume) {}

  private PodVolumes() {}

  /** The {@code pgdata} mount of the Postgres container (and of sidecars). */
  public static VolumeMount dataMount(io.tusk.api.acid.v1.Volume volume) {
    VolumeMountBuilder b = new VolumeMountBuilder().withName("pgdata").withMountPath(DATA_MOUNT);
    String subPath = volume == null ? null : volume.getSubPath();
    if (subPath != null && !subPath.isEmpty()) {
      if (volume.getIsSubPathExpr() != null && volume.getIsSubPathExpr()) {
        b.withSubPathExpr(subPath);
      } else {
        b.withSubPath(subPath);
      }
    }
    return b.build();
  }

  /** Whether to mount {@code dshm}: the manifest's {@code enableShmVolume: true}, else config. */
  public static boolean shmVolumeNeeded(PostgresSpec spec, Boolean configured) {
    if (Boolean.TRUE.equals(spec.getEnableShmVolume())) {
      return true;
    }
    return Boolean.TRUE.equals(configured);
  }

  /** Memory-backed {@code /dev/shm} for the Postgres container. */
  public static void addShm(List<Container> containers, List<Volume> volumes) {
    volumes.add(emptyDirInMemory(SHM_VOLUME));
    mount(
        postgres(containers),
        new VolumeMountBuilder().withName(SHM_VOLUME).withMountPath(SHM_PATH).build());
  }

  /** Memory-backed {@code /var/run/postgresql} shared by all containers (socket sharing). */
  public static void addRun(List<Container> containers, List<Volume> volumes) {
    volumes.add(emptyDirInMemory(RUN_VOLUME));
    for (Container c : containers) {
      mount(c, new VolumeMountBuilder().withName(RUN_VOLUME).withMountPath(RUN_PATH).build());
    }
  }

  /** {@code additional_secret_mount} mounted into every container. */
  public static void addSecret(
      List<Container> containers, List<Volume> volumes, String secret, String mountPath) {
    volumes.add(
        new VolumeBuilder()
            .withName(secret)
            .withNewSecret()
            .withSecretName(secret)
            .endSecret()
            .build());
    for (Container c : containers) {
      mount(c, new VolumeMountBuilder().withName(secret).withMountPath(mountPath).build());
    }
  }

  /** The manifest's {@code additionalVolumes} as mounts. */
  public static List<Mount> fromManifest(List<AdditionalVolume> additional) {
    List<Mount> result = new ArrayList<>();
    if (additional == null) {
      return result;
    }
    for (AdditionalVolume v : additional) {
      Volume source =
          v.getVolumeSource() == null
              ? new VolumeBuilder().withName(v.getName()).build()
              : new VolumeBuilder(v.getVolumeSource()).withName(v.getName()).build();
      result.add(
          new Mount(
              v.getName(),
              v.getMountPath(),
              v.getSubPath(),
              Boolean.TRUE.equals(v.getIsSubPathExpr()),
              v.getTargetContainers() == null ? List.of() : List.copyOf(v.getTargetContainers()),
              source));
    }
    return result;
  }

  /**
   * Adds the mounts: a mount path used twice or the data directory itself is skipped, an empty
   * target list means the Postgres container, {@code "all"} means every container.
   *
   * <p>Difference: Zalando still mounts skipped volumes into explicitly targeted containers (a
   * mount without a volume, which the API server rejects); Tusk skips them completely.
   */
  public static void addAdditional(
      List<Container> containers, List<Volume> volumes, List<Mount> mounts) {
    Set<String> usedPaths = new HashSet<>();
    String postgresName = postgres(containers).getName();
    for (Mount m : mounts) {
      if (m.mountPath() == null
          || DATA_MOUNT.equals(m.mountPath())
          || !usedPaths.add(m.mountPath())) {
        continue;
      }
      volumes.add(m.volume());
      List<String> targets =
          m.targetContainers().isEmpty() ? List.of(postgresName) : m.targetContainers();
      for (Container c : containers) {
        if (targets.contains(ALL_CONTAINERS) || targets.contains(c.getName())) {
          VolumeMountBuilder b =
              new VolumeMountBuilder().withName(m.name()).withMountPath(m.mountPath());
          if (m.subPath() != null && !m.subPath().isEmpty()) {
            if (m.subPathExpr()) {
              b.withSubPathExpr(m.subPath());
            } else {
              b.withSubPath(m.subPath());
            }
          }
          mount(c, b.build());
        }
      }
    }
  }

  /** Whether the manifest enables custom TLS (a non-empty {@code tls.secretName}). */
  public static boolean tlsEnabled(PostgresSpec spec) {
    return spec.getTls() != null
        && spec.getTls().getSecretName() != null
        && !spec.getTls().getSecretName().isEmpty();
  }

  /**
   * TLS secret volumes ({@code /tls}, and {@code /tlsca} for a separate CA secret), mode 0640 so
   * that the fsGroup can read them.
   */
  public static List<Mount> tlsMounts(TLSDescription tls) {
    List<Mount> result = new ArrayList<>();
    result.add(secretMount(tls.getSecretName(), TLS_PATH));
    if (notEmpty(tls.getCaFile()) && notEmpty(tls.getCaSecretName())) {
      result.add(secretMount(tls.getCaSecretName(), TLS_CA_PATH));
    }
    return result;
  }

  /**
   * {@code SSL_CERTIFICATE_FILE}, {@code SSL_PRIVATE_KEY_FILE} and (with a CA file) {@code
   * SSL_CA_FILE}; relative file names are resolved against the mount path.
   */
  public static List<EnvVar> tlsEnv(TLSDescription tls) {
    List<EnvVar> env = new ArrayList<>();
    env.add(
        EnvVars.value(
            "SSL_CERTIFICATE_FILE", ensurePath(tls.getCertificateFile(), TLS_PATH, "tls.crt")));
    env.add(
        EnvVars.value(
            "SSL_PRIVATE_KEY_FILE", ensurePath(tls.getPrivateKeyFile(), TLS_PATH, "tls.key")));
    if (notEmpty(tls.getCaFile())) {
      String caDir = notEmpty(tls.getCaSecretName()) ? TLS_CA_PATH : TLS_PATH;
      env.add(EnvVars.value("SSL_CA_FILE", ensurePath(tls.getCaFile(), caDir, "")));
    }
    return env;
  }

  /**
   * The container named {@code postgres}, else the first one ({@code
   * util.go#getPostgresContainer}).
   */
  static Container postgres(List<Container> containers) {
    for (Container c : containers) {
      if (ContainerResources.POSTGRES_CONTAINER.equals(c.getName())) {
        return c;
      }
    }
    return containers.get(0);
  }

  private static Mount secretMount(String secretName, String path) {
    Volume volume =
        new VolumeBuilder()
            .withName(secretName)
            .withNewSecret()
            .withSecretName(secretName)
            .withDefaultMode(0640)
            .endSecret()
            .build();
    return new Mount(secretName, path, null, false, List.of(), volume);
  }

  private static Volume emptyDirInMemory(String name) {
    return new VolumeBuilder()
        .withName(name)
        .withNewEmptyDir()
        .withMedium("Memory")
        .endEmptyDir()
        .build();
  }

  private static void mount(Container c, VolumeMount m) {
    List<VolumeMount> mounts =
        new ArrayList<>(c.getVolumeMounts() == null ? List.of() : c.getVolumeMounts());
    mounts.add(m);
    c.setVolumeMounts(mounts);
  }

  /** Go's {@code path.Join}-based {@code ensurePath}. */
  static String ensurePath(String file, String dir, String defaultFile) {
    if (file == null || file.isEmpty()) {
      return join(dir, defaultFile);
    }
    if (!file.startsWith("/")) {
      return join(dir, file);
    }
    return file;
  }

  private static String join(String dir, String file) {
    if (file == null || file.isEmpty()) {
      return dir;
    }
    return java.nio.file.Path.of(dir, file).normalize().toString();
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
