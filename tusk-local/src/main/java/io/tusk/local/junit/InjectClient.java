package io.tusk.local.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static or instance field of type {@code KubernetesClient} that {@link
 * LocalKubernetesExtension} fills with an admin client whose default namespace is the test class's
 * namespace.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface InjectClient {}
