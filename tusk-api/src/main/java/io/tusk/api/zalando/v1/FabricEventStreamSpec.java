package io.tusk.api.zalando.v1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code spec} of a {@code FabricEventStream}: one application's event streams, one per table.
 * Mirrors {@code fabriceventstream.go#FabricEventStreamSpec} and the types below it (v2.0.1), with
 * the same JSON names and the same omitted-when-empty fields. Unknown fields in a stored object are
 * ignored when it is read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FabricEventStreamSpec(
    @JsonProperty("applicationId") String applicationId,
    @JsonProperty("eventStreams") List<EventStream> eventStreams) {

  public FabricEventStreamSpec {
    eventStreams = eventStreams == null ? List.of() : List.copyOf(eventStreams);
  }

  /** Source, flow, sink and recovery of one table's events. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record EventStream(
      @JsonProperty("flow") Flow flow,
      @JsonProperty("sink") Sink sink,
      @JsonProperty("source") Source source,
      @JsonProperty("recovery") Recovery recovery) {}

  /** How rows become events ({@code EventStreamFlow}). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Flow(
      @JsonProperty("type") String type, @JsonProperty("payloadColumn") String payloadColumn) {}

  /** Where events go ({@code EventStreamSink}). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Sink(
      @JsonProperty("type") String type,
      @JsonProperty("eventType") String eventType,
      @JsonProperty("maxBatchSize") Long maxBatchSize) {}

  /**
   * What happens to events that cannot be delivered ({@code EventStreamRecovery}). Zalando writes
   * {@code "sink": null} when there is no dead-letter sink (the Go field has no {@code omitempty}).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Recovery(
      @JsonProperty("type") String type,
      @JsonProperty("sink") @JsonInclude(JsonInclude.Include.ALWAYS) Sink sink) {}

  /** The table and the connection that reads it ({@code EventStreamSource}). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Source(
      @JsonProperty("type") String type,
      @JsonProperty("schema") String schema,
      @JsonProperty("table") Table table,
      @JsonProperty("filter") String filter,
      @JsonProperty("jdbcConnection") Connection connection) {}

  /** The table's name (without schema) and its id column ({@code EventStreamTable}). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Table(
      @JsonProperty("name") String name, @JsonProperty("idColumn") String idColumn) {}

  /** How the stream consumer connects: URL, slot, plugin and credentials ({@code Connection}). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Connection(
      @JsonProperty("jdbcUrl") String jdbcUrl,
      @JsonProperty("slotName") String slotName,
      @JsonProperty("pluginType") String pluginType,
      @JsonProperty("publicationName") String publicationName,
      @JsonProperty("databaseAuthentication") DatabaseAuthentication databaseAuthentication) {}

  /** The Secret that holds the stream user's credentials ({@code DBAuth}). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DatabaseAuthentication(
      @JsonProperty("type") String type,
      @JsonProperty("name") String name,
      @JsonProperty("userKey") String userKey,
      @JsonProperty("passwordKey") String passwordKey) {}
}
