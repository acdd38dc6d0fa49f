package io.tusk.api.schema;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * OpenAPI constraints that fabric8's CRD generator cannot derive from a field: string enums,
 * formats, and patterns or enums of list / map elements. {@link CrdPostProcessor} applies them to
 * the generated schema, so they live beside the field they constrain.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface SchemaConstraints {

  /** Allowed values of the field itself ({@code enum}). */
  String[] enumValues() default {};

  /** OpenAPI {@code format} of the field itself, e.g. {@code uuid}. */
  String format() default "";

  /** {@code pattern} of the innermost elements of a list or map (e.g. each list entry). */
  String itemPattern() default "";

  /** {@code enum} of the innermost elements of a list or map. */
  String[] itemEnumValues() default {};
}
