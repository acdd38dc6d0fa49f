/**
 * The UI's forms as pure functions: {@link io.tusk.ui.form.ClusterForm} (a new cluster's manifest),
 * {@link io.tusk.ui.form.EditForm} (the fields a user may change, applied to a spec) and {@link
 * io.tusk.ui.form.CloneForm} (a clone's manifest). No client, no clock: the server calls them and
 * does the writing.
 */
package io.tusk.ui.form;
