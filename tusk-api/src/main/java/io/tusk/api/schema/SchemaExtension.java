package io.tusk.api.schema;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Extra OpenAPI keywords for the schema of a model class, as a JSON object that {@link
 * CrdPostProcessor} merges into the generated schema (JSON merge patch semantics). Used for
 * constraints spanning several fields, such as "at least one of" ({@code anyOf}/{@code not}), that
 * fabric8's annotations cannot express.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SchemaExtension {

  /** A JSON object, e.g. {@code {"anyOf":[{"required":["a"]},{"required":["b"]}]}}. */
  String value();
}
