/**
 * In-place major version upgrades: whether one is due, may start now, or waits, and why ({@link
 * io.tusk.day2.upgrade.MajorUpgradeRule}, Zalando's {@code majorVersionUpgrade} rules).
 */
package io.tusk.day2.upgrade;
