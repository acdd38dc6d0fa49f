/**
 * Maintenance windows as Zalando applies them ({@code util.go#isInMaintenanceWindow} and {@code
 * cluster.go#getSwitchoverScheduleAtTime}): which windows apply to a cluster, whether one is open
 * at a given instant, and when the next one opens. Pure: the caller passes the instant.
 */
package io.tusk.day2.windows;
