package io.tusk.pooler;

/**
 * One row of {@code SHOW DATABASES}.
 *
 * @param paused whether this database alone was paused ({@code PAUSE db}); a pause of the whole
 *     pooler is in {@link PoolerState#pauseMode()}, not here
 */
public record DatabaseInfo(
    String name,
    String host,
    int port,
    String database,
    int poolSize,
    int currentConnections,
    boolean paused,
    boolean disabled) {}
