/**
 * Event streams ({@code spec.streams}): what Zalando's {@code pkg/cluster/streams.go} (v2.0.1)
 * derives from them, as pure functions.
 *
 * <ul>
 *   <li>{@link io.tusk.spec.streams.StreamSlots}: one logical replication slot and one publication
 *       of the same name per database and application ({@code fes_{database}_{applicationId}}),
 *       with the tables of every stream that shares them;
 *   <li>{@link io.tusk.spec.streams.PatroniSlots}: the change to Patroni's dynamic configuration
 *       that adds those slots as permanent slots and releases the ones Tusk no longer wants;
 *   <li>{@link io.tusk.spec.streams.FabricEventStreams}: one {@code FabricEventStream} resource
 *       ({@code zalando.org/v1}) per application, with Zalando's name, labels, annotations, owner
 *       references and content, and the comparison that tells whether a stored one must change.
 * </ul>
 *
 * <p>The publications themselves are made in tusk-sql ({@code io.tusk.sql.streams}); the operator
 * step that puts everything together is {@code io.tusk.operator.streams.StreamSync}. See {@code
 * docs/event-streams.md}.
 */
package io.tusk.spec.streams;
