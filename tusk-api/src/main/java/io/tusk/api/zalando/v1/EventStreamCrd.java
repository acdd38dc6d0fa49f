package io.tusk.api.zalando.v1;

/** Names of the {@code FabricEventStream} CRD. Mirrors {@code constants/streams.go} (v2.0.1). */
public final class EventStreamCrd {

  public static final String GROUP = "zalando.org";
  public static final String VERSION = "v1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String KIND = "FabricEventStream";
  public static final String PLURAL = "fabriceventstreams";

  /** The CRD's name; Zalando syncs streams only when a CRD of this name is installed. */
  public static final String NAME = PLURAL + "." + GROUP;

  private EventStreamCrd() {}
}
