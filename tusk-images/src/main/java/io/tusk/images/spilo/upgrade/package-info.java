/**
 * The local Spilo image's in-place major version upgrade: what Spilo's {@code
 * /scripts/inplace_upgrade.py} does, for the operator's exec into the primary's pod ({@link
 * io.tusk.images.spilo.upgrade.InplaceUpgrade}), with the settings the container was started with
 * ({@link io.tusk.images.spilo.upgrade.UpgradeSettings}).
 */
package io.tusk.images.spilo.upgrade;
