package io.tusk.local;

/** The upstream versions the local control plane is built from and tested against. */
public final class Versions {

  /** Kubernetes release whose kube-apiserver, controller-manager, scheduler and kubectl we run. */
  public static final String KUBERNETES = "v1.34.4";

  /** The etcd release Kubernetes v1.34 is validated with. */
  public static final String ETCD = "v3.6.4";

  /**
   * The S3 gateway the local object storage runs (Apache-2.0; objects are plain files under one
   * directory).
   */
  public static final String VERSITYGW = "v1.8.0";

  /** Helm, built to install Tusk's chart into the local environment (needs Go 1.26). */
  public static final String HELM = "v4.3.2";

  /**
   * Oldest Go toolchain able to build all of them (k8s.io/kubernetes v1.34 declares go 1.24.0,
   * versitygw v1.8.0 go 1.25.0).
   */
  public static final int[] MIN_GO = {1, 25};

  /**
   * The Go release fetched as the {@code golang.org/toolchain} module (the way {@code go} itself
   * switches toolchains) when the machine's Go is older than {@link #MIN_GO}.
   */
  public static final String GO_TOOLCHAIN = "1.25.5";

  private Versions() {}
}
