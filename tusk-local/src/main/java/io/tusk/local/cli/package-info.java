/**
 * The {@code tusk local} commands (picocli), under {@link io.tusk.local.cli.LocalCommand}: {@code
 * check} and {@code install} prepare the machine, {@code up}, {@code status} and {@code down} drive
 * {@code io.tusk.local.LocalControlPlane}, {@code kubeconfig} and {@code kubectl} give access,
 * {@code crash} kills a real pod's processes. {@link io.tusk.local.cli.StateOptions} is the shared
 * {@code --state-dir}; {@link io.tusk.local.cli.Errors} turns failures into a message and exit
 * status 1. tusk-cli mounts these commands under {@code ./tusk}.
 */
package io.tusk.local.cli;
