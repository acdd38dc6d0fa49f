package io.tusk.local.binaries;

import io.tusk.local.Progress;
import io.tusk.local.Versions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Decides where each control-plane program comes from: a directory the user provides ({@code
 * --bin-dir}, else {@code $KUBEBUILDER_ASSETS}) when it holds the program, otherwise the
 * version-keyed {@link BinaryCache}, building missing versions from the upstream Go modules when
 * allowed. A kubebuilder assets directory usually has only etcd, kube-apiserver and kubectl; the
 * controller-manager and scheduler then come from the cache.
 */
public final class BinaryResolver {

  private final BinaryCache cache;
  private final Progress progress;

  public BinaryResolver(BinaryCache cache, Progress progress) {
    this.cache = cache;
    this.progress = progress;
  }

  /** The user-provided directory: {@code explicit} if given, else {@code $KUBEBUILDER_ASSETS}. */
  public static Optional<Path> userBinDir(Path explicit) {
    if (explicit != null) {
      if (!Files.isDirectory(explicit)) {
        throw new MissingBinariesException("--bin-dir " + explicit + " is not a directory");
      }
      return Optional.of(explicit);
    }
    String assets = System.getenv("KUBEBUILDER_ASSETS");
    if (assets != null && !assets.isBlank() && Files.isDirectory(Path.of(assets))) {
      return Optional.of(Path.of(assets));
    }
    return Optional.empty();
  }

  /**
   * Resolves all programs.
   *
   * @param userDir directory to take programs from first
   * @param build whether to build what is neither provided nor cached
   */
  public Binaries resolve(Optional<Path> userDir, boolean build) throws IOException {
    Path etcd = fromUser(userDir, EtcdRecipe.PROGRAM);
    Path apiserver = fromUser(userDir, "kube-apiserver");
    Path cm = fromUser(userDir, "kube-controller-manager");
    Path scheduler = fromUser(userDir, "kube-scheduler");
    Path kubectl = fromUser(userDir, "kubectl");
    if (etcd == null) {
      etcd = ensureEtcd(build).resolve(EtcdRecipe.PROGRAM);
    }
    if (apiserver == null || cm == null || scheduler == null) {
      Path dir = ensureKubernetes(build);
      apiserver = apiserver != null ? apiserver : dir.resolve("kube-apiserver");
      cm = cm != null ? cm : dir.resolve("kube-controller-manager");
      scheduler = scheduler != null ? scheduler : dir.resolve("kube-scheduler");
      kubectl = kubectl != null ? kubectl : dir.resolve("kubectl");
    } else if (kubectl == null && isKubernetesCached()) {
      kubectl = cache.binDir("kubernetes", Versions.KUBERNETES).resolve("kubectl");
    }
    Path versitygw = fromUser(userDir, VersityRecipe.PROGRAM);
    if (versitygw == null) {
      versitygw = ensureVersity(build).resolve(VersityRecipe.PROGRAM);
    }
    return new Binaries(etcd, apiserver, cm, scheduler, kubectl, versitygw);
  }

  /** Whether {@link #resolve} would have to build something: a Go toolchain is needed then. */
  public boolean needsBuild(Optional<Path> userDir) {
    boolean etcd = fromUser(userDir, EtcdRecipe.PROGRAM) != null || isEtcdCached();
    boolean kubernetes =
        (fromUser(userDir, "kube-apiserver") != null
                && fromUser(userDir, "kube-controller-manager") != null
                && fromUser(userDir, "kube-scheduler") != null)
            || isKubernetesCached();
    boolean versitygw = fromUser(userDir, VersityRecipe.PROGRAM) != null || isVersityCached();
    return !etcd || !kubernetes || !versitygw;
  }

  public boolean isHelmCached() {
    return cache.isComplete(HelmRecipe.PROGRAM, Versions.HELM, List.of(HelmRecipe.PROGRAM));
  }

  /**
   * Helm, from the user's directory, else the cache, built from {@code helm.sh/helm/v4} when {@code
   * build} allows. Not part of {@link #resolve}: only installing the chart needs it.
   */
  public Path helm(Optional<Path> userDir, boolean build) throws IOException {
    Path fromUser = fromUser(userDir, HelmRecipe.PROGRAM);
    if (fromUser != null) {
      return fromUser;
    }
    String v = Versions.HELM;
    if (!build && !isHelmCached()) {
      throw notCached("helm " + v);
    }
    return cache
        .ensure(
            HelmRecipe.PROGRAM,
            v,
            List.of(HelmRecipe.PROGRAM),
            progress,
            bin -> {
              GoBuilder builder =
                  new GoBuilder(GoToolchain.provision(cache, progress::step), progress);
              Path work = cache.workDir(HelmRecipe.PROGRAM, v);
              Files.createDirectories(work);
              progress.step(
                  "building Helm "
                      + v
                      + " from helm.sh/helm/v4 (needs Go 1.26; log: "
                      + work.resolve("build.log")
                      + ")");
              builder.build(HelmRecipe.recipe(v), work, bin, work.resolve("build.log"));
            })
        .resolve(HelmRecipe.PROGRAM);
  }

  public boolean isVersityCached() {
    return cache.isComplete(
        VersityRecipe.PROGRAM, Versions.VERSITYGW, List.of(VersityRecipe.PROGRAM));
  }

  private Path ensureVersity(boolean build) throws IOException {
    String v = Versions.VERSITYGW;
    if (!build && !isVersityCached()) {
      throw notCached("versitygw " + v);
    }
    return cache.ensure(
        VersityRecipe.PROGRAM,
        v,
        List.of(VersityRecipe.PROGRAM),
        progress,
        bin -> {
          GoBuilder builder = new GoBuilder(GoToolchain.provision(cache, progress::step), progress);
          Path work = cache.workDir(VersityRecipe.PROGRAM, v);
          Files.createDirectories(work);
          progress.step(
              "building versitygw "
                  + v
                  + " (the local object storage) from github.com/versity/versitygw (log: "
                  + work.resolve("build.log")
                  + ")");
          builder.build(VersityRecipe.recipe(v), work, bin, work.resolve("build.log"));
        });
  }

  public boolean isKubernetesCached() {
    return cache.isComplete("kubernetes", Versions.KUBERNETES, KubernetesRecipe.PROGRAMS.keySet());
  }

  public boolean isEtcdCached() {
    return cache.isComplete("etcd", Versions.ETCD, List.of(EtcdRecipe.PROGRAM));
  }

  private static Path fromUser(Optional<Path> dir, String program) {
    return dir.map(d -> d.resolve(program)).filter(Files::isExecutable).orElse(null);
  }

  private Path ensureEtcd(boolean build) throws IOException {
    String v = Versions.ETCD;
    if (!build && !isEtcdCached()) {
      throw notCached("etcd " + v);
    }
    return cache.ensure(
        "etcd",
        v,
        List.of(EtcdRecipe.PROGRAM),
        progress,
        bin -> {
          GoBuilder builder = new GoBuilder(GoToolchain.provision(cache, progress::step), progress);
          Path work = cache.workDir("etcd", v);
          Files.createDirectories(work);
          progress.step(
              "building etcd "
                  + v
                  + " from go.etcd.io/etcd/server/v3 (log: "
                  + work.resolve("build.log")
                  + ")");
          builder.build(EtcdRecipe.recipe(v), work, bin, work.resolve("build.log"));
        });
  }

  private Path ensureKubernetes(boolean build) throws IOException {
    String v = Versions.KUBERNETES;
    if (!build && !isKubernetesCached()) {
      throw notCached("Kubernetes " + v);
    }
    return cache.ensure(
        "kubernetes",
        v,
        KubernetesRecipe.PROGRAMS.keySet(),
        progress,
        bin -> {
          GoBuilder builder = new GoBuilder(GoToolchain.provision(cache, progress::step), progress);
          Path work = cache.workDir("kubernetes", v);
          Files.createDirectories(work);
          Path log = work.resolve("build.log");
          progress.step(
              "building Kubernetes "
                  + v
                  + " from k8s.io/kubernetes (takes a long time on a cold Go"
                  + " build cache; log: "
                  + log
                  + ")");
          String upstream =
              builder.upstreamGoMod("k8s.io/kubernetes", v, cache.root().resolve("build"), log);
          builder.build(KubernetesRecipe.recipe(v, upstream), work, bin, log);
        });
  }

  private MissingBinariesException notCached(String what) {
    return new MissingBinariesException(
        what
            + " is not in the cache "
            + cache.root()
            + "; run `tusk local install` to build it, or pass --bin-dir / set KUBEBUILDER_ASSETS");
  }
}
