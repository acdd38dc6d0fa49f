/**
 * Processes that outlive the JVM which started them. {@link
 * io.tusk.local.process.DetachedProcesses} starts a process in its own session with its output in a
 * log file, and finds and stops it later from another JVM by its {@link
 * io.tusk.local.process.ProcessRef} (pid and start time, so a recycled pid is never taken for
 * ours). {@link io.tusk.local.process.PortAllocator} picks free loopback ports, {@link
 * io.tusk.local.process.CpuPriority} raises a component's CPU share, and {@link
 * io.tusk.local.process.LogTail} quotes the end of a log when a component fails.
 */
package io.tusk.local.process;
