package io.tusk.api.acid.v1;

/**
 * Schema stand-in for fields that Zalando's CRD declares as a plain {@code type: object} without
 * properties (used with {@code @SchemaFrom} plus {@code @PreserveUnknownFields}), e.g. {@code
 * additionalVolumes[].volumeSource}, which upstream marks {@code
 * +kubebuilder:validation:Schemaless}. Never instantiated.
 */
public final class SchemalessObject {
  private SchemalessObject() {}
}
