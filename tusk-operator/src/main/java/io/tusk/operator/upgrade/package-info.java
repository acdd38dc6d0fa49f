/**
 * In-place major version upgrades, as Zalando's operator runs them: when {@link
 * io.tusk.day2.upgrade.MajorUpgradeRule} says one starts, the pods get the {@code
 * critical-operation} label, Spilo's {@code inplace_upgrade.py} runs by an exec into the primary's
 * pod, and the manifest gets {@code last-major-upgrade-success} or {@code
 * last-major-upgrade-failure} ({@link io.tusk.operator.upgrade.MajorUpgrades}).
 */
package io.tusk.operator.upgrade;
