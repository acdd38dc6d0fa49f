package io.tusk.spec.rbac;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.InvalidSpecException;
import io.tusk.spec.labels.Annotations;
import java.io.IOException;

/**
 * The ServiceAccount Spilo pods run as and its RoleBinding, created once per namespace. Mirrors
 * {@code controller.go#initPodServiceAccount/initRoleBinding} and {@code
 * postgresql.go#createPodServiceAccount/createRoleBindings} (v2.0.1):
 *
 * <ul>
 *   <li>ServiceAccount from {@code pod_service_account_definition} (JSON or YAML) or a bare one;
 *       its name is always {@code pod_service_account_name}; with {@code irsa_role_arn} it carries
 *       {@code eks.amazonaws.com/role-arn};
 *   <li>RoleBinding from {@code pod_service_account_role_binding_definition} or, by default, {@code
 *       {sa}} binding ClusterRole {@code {sa}} to ServiceAccount {@code {sa}}.
 * </ul>
 */
public final class PodServiceAccount {

  private static final ObjectMapper YAML =
      new YAMLMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private PodServiceAccount() {}

  public static ServiceAccount serviceAccount(OperatorConfig config, String namespace) {
    String name = config.get(Options.POD_SERVICE_ACCOUNT_NAME);
    String definition = config.get(Options.POD_SERVICE_ACCOUNT_DEFINITION);
    ServiceAccount base =
        definition == null || definition.isBlank()
            ? new ServiceAccount()
            : parse(
                definition,
                ServiceAccount.class,
                "ServiceAccount",
                "pod_service_account_definition");
    ServiceAccountBuilder sa =
        new ServiceAccountBuilder(base)
            .withApiVersion("v1")
            .withKind("ServiceAccount")
            .editOrNewMetadata()
            .withName(name)
            .withNamespace(emptyToNull(namespace))
            .endMetadata();
    String irsa = config.get(Options.IRSA_ROLE_ARN);
    if (irsa != null && !irsa.isEmpty()) {
      sa.editMetadata().addToAnnotations(Annotations.IRSA_ROLE_ARN, irsa).endMetadata();
    }
    return sa.build();
  }

  public static RoleBinding roleBinding(OperatorConfig config, String namespace) {
    String name = config.get(Options.POD_SERVICE_ACCOUNT_NAME);
    String definition = config.get(Options.POD_SERVICE_ACCOUNT_ROLE_BINDING_DEFINITION);
    RoleBinding base;
    if (definition == null || definition.isBlank()) {
      base =
          new RoleBindingBuilder()
              .withNewMetadata()
              .withName(name)
              .endMetadata()
              .withNewRoleRef()
              .withApiGroup("rbac.authorization.k8s.io")
              .withKind("ClusterRole")
              .withName(name)
              .endRoleRef()
              .addNewSubject()
              .withKind("ServiceAccount")
              .withName(name)
              .endSubject()
              .build();
    } else {
      base =
          parse(
              definition,
              RoleBinding.class,
              "RoleBinding",
              "pod_service_account_role_binding_definition");
    }
    return new RoleBindingBuilder(base)
        .withApiVersion("rbac.authorization.k8s.io/v1")
        .withKind("RoleBinding")
        .editOrNewMetadata()
        .withNamespace(emptyToNull(namespace))
        .endMetadata()
        .build();
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T parse(
      String definition, Class<T> type, String kind, String option) {
    T parsed;
    try {
      parsed = YAML.readValue(definition, type);
    } catch (IOException e) {
      throw new InvalidSpecException(option, "unable to parse the definition: " + e.getMessage());
    }
    if (parsed == null || !kind.equals(parsed.getKind())) {
      throw new InvalidSpecException(
          option,
          "the definition defines another type of resource: "
              + (parsed == null ? "nothing" : parsed.getKind()));
    }
    return parsed;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
