package io.tusk.spec.spilo;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Construction and precedence merging of container environment lists. Mirrors {@code
 * k8sres.go#appendEnvVars/isEnvVarPresent} (v2.0.1): a variable is only appended when no variable
 * with the same name (compared case-insensitively) is already in the list, so the first source
 * wins.
 */
public final class EnvVars {

  private EnvVars() {}

  /** A plain {@code name=value} variable. */
  public static EnvVar value(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  /** A downward-API variable ({@code fieldRef} with {@code apiVersion: v1}). */
  public static EnvVar fieldRef(String name, String fieldPath) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewFieldRef()
        .withApiVersion("v1")
        .withFieldPath(fieldPath)
        .endFieldRef()
        .endValueFrom()
        .build();
  }

  /** A variable read from a Secret key. */
  public static EnvVar secretKeyRef(String name, String secretName, String key) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secretName)
        .withKey(key)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }

  /** Whether {@code envs} holds a variable named {@code name}, ignoring case. */
  public static boolean contains(Collection<EnvVar> envs, String name) {
    for (EnvVar env : envs) {
      if (env.getName() != null && env.getName().equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /** Appends the variables of {@code more} whose names are not yet present; returns a new list. */
  public static List<EnvVar> appendIfAbsent(List<EnvVar> base, Collection<EnvVar> more) {
    List<EnvVar> result = new ArrayList<>(base);
    if (more != null) {
      for (EnvVar env : more) {
        if (!contains(result, env.getName())) {
          result.add(env);
        }
      }
    }
    return result;
  }
}
