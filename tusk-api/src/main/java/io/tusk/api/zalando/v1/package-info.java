/**
 * The {@code FabricEventStream} resource ({@code zalando.org/v1}) that Zalando's operator creates
 * for the {@code streams} section of a {@code postgresql} manifest: its names ({@link
 * io.tusk.api.zalando.v1.EventStreamCrd}) and its {@code spec} as plain records with Zalando's JSON
 * names ({@link io.tusk.api.zalando.v1.FabricEventStreamSpec}). Mirrors {@code
 * pkg/apis/zalando.org/v1/fabriceventstream.go} (v2.0.1).
 *
 * <p>The resource itself is handled as a generic resource: its CRD belongs to the consumer of the
 * streams (Zalando ships only a schemaless one in {@code manifests/fes.crd.yaml}), so Tusk neither
 * generates nor registers it.
 */
package io.tusk.api.zalando.v1;
