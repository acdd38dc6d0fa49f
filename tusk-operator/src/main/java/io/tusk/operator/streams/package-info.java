/**
 * Event streams ({@code spec.streams}) inside PostgreSQL, in Patroni and on the API server: {@link
 * io.tusk.operator.streams.StreamSync} is the reconcile step that runs after roles and databases
 * (waits for the day-2 step's {@code wal_level}, publications, Patroni's permanent slots, then the
 * resources), {@link io.tusk.operator.streams.FabricEventStreamSync} creates, updates and deletes
 * the {@code FabricEventStream} resources, and {@link io.tusk.operator.streams.StreamDecision}
 * decides when the step runs. What to create comes from tusk-spec ({@code io.tusk.spec.streams})
 * and tusk-sql ({@code io.tusk.sql.streams}); see {@code docs/event-streams.md}.
 */
package io.tusk.operator.streams;
