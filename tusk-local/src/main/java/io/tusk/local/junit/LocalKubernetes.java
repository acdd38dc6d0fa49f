package io.tusk.local.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against the local Kubernetes control plane: one control plane per test JVM
 * (started on first use in a temporary state directory, stopped when the JVM's tests finish), one
 * fresh namespace per test class (deleted after the class).
 *
 * <p>A test gets at it through parameters or fields:
 *
 * <pre>{@code
 * @LocalKubernetes
 * class MyIT {
 *   @InjectClient static KubernetesClient client;   // bound to the class's namespace
 *   @InjectCluster static LocalCluster cluster;     // namespace(), kubeconfig(), adminConfig()
 *
 *   @Test void works(KubernetesClient client, LocalCluster cluster) { ... }
 * }
 * }</pre>
 *
 * Pods bound to the local nodes are reported Running and Ready (pod simulation) unless the system
 * property {@code tusk.local.simulatePods=false} is set.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LocalKubernetesExtension.class)
public @interface LocalKubernetes {}
