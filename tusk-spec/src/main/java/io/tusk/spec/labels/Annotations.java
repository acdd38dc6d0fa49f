package io.tusk.spec.labels;

import io.tusk.config.Options;
import io.tusk.spec.ClusterModel;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Annotation sets of a cluster's objects. Mirrors {@code util.go#annotationsSet}, {@code
 * sync.go#AnnotationsToPropagate} and {@code k8sres.go#generatePodAnnotations} (v2.0.1).
 *
 * <p>Every generated object gets the annotations of the {@code postgresql} resource whose keys are
 * listed in {@code inherited_annotations}. The StatefulSet additionally gets the resource's
 * annotations matching any {@code downscaler_annotations} regular expression (unanchored, as Go's
 * {@code regexp.MatchString}). Results are sorted maps; an empty result means "no annotations"
 * (Zalando leaves the field nil).
 */
public final class Annotations {

  /** kube2iam pod annotation carrying {@code kube_iam_role}. */
  public static final String KUBE_IAM_ROLE = "iam.amazonaws.com/role";

  /** IRSA service account annotation carrying {@code irsa_role_arn}. */
  public static final String IRSA_ROLE_ARN = "eks.amazonaws.com/role-arn";

  /** external-dns hostname annotation on load balancer services. */
  public static final String EXTERNAL_DNS_HOSTNAME = "external-dns.alpha.kubernetes.io/hostname";

  /** Pod annotation that persists a pending rolling update across operator restarts. */
  public static final String ROLLING_UPDATE_REQUIRED =
      "zalando-postgres-operator-rolling-update-required";

  private final ClusterModel model;

  private Annotations(ClusterModel model) {
    this.model = model;
  }

  public static Annotations of(ClusterModel model) {
    return new Annotations(model);
  }

  /** {@code base} plus the inherited annotations of the resource ({@code annotationsSet}). */
  public Map<String, String> inherited(Map<String, String> base) {
    Map<String, String> result = new TreeMap<>(base == null ? Map.of() : base);
    List<String> keys = model.config().get(Options.INHERITED_ANNOTATIONS);
    model
        .annotations()
        .forEach(
            (k, v) -> {
              if (keys.contains(k)) {
                result.put(k, v);
              }
            });
    return result;
  }

  /** Inherited annotations only. */
  public Map<String, String> inherited() {
    return inherited(Map.of());
  }

  /** StatefulSet annotations: inherited plus those matching {@code downscaler_annotations}. */
  public Map<String, String> statefulSet() {
    Map<String, String> result = inherited();
    for (String expression : model.config().get(Options.DOWNSCALER_ANNOTATIONS)) {
      Pattern pattern = Pattern.compile(expression);
      model
          .annotations()
          .forEach(
              (k, v) -> {
                if (pattern.matcher(k).find()) {
                  result.put(k, v);
                }
              });
    }
    return result;
  }

  /**
   * Pod template annotations: {@code custom_pod_annotations}, overridden by the manifest's {@code
   * podAnnotations}, plus inherited annotations and the kube2iam role when {@code kube_iam_role} is
   * set.
   */
  public Map<String, String> pod() {
    Map<String, String> result = new TreeMap<>(model.config().get(Options.CUSTOM_POD_ANNOTATIONS));
    Map<String, String> manifest = model.spec().getPodAnnotations();
    if (manifest != null) {
      result.putAll(manifest);
    }
    result = inherited(result);
    String iamRole = model.config().get(Options.KUBE_IAM_ROLE);
    if (iamRole != null && !iamRole.isEmpty()) {
      result.put(KUBE_IAM_ROLE, iamRole);
    }
    return result;
  }

  /** {@code null} for an empty map, so the object carries no empty annotation field. */
  public static Map<String, String> orNull(Map<String, String> annotations) {
    return annotations == null || annotations.isEmpty() ? null : annotations;
  }
}
