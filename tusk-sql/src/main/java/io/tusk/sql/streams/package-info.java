/**
 * The publications of the event streams: the database half of Zalando's {@code
 * streams.go#syncPublication} and {@code database.go#getPublications}, {@code
 * #executeCreatePublication}, {@code #executeAlterPublication}, {@code #executeDropPublication}
 * (v2.0.1), in the same three steps as roles and databases: read ({@link
 * io.tusk.sql.streams.PublicationReader}), plan purely ({@link
 * io.tusk.sql.streams.PublicationPlanner}), apply ({@link io.tusk.sql.streams.PublicationSync}).
 *
 * <p>Publications Tusk creates carry a comment ({@link
 * io.tusk.sql.streams.PublicationPlanner#MARKER}); only those are ever altered or dropped without
 * being asked for by name, so a publication someone created by hand stays, whatever its name
 * (Zalando drops every {@code fes_*} publication of the {@code postgres} role that no stream
 * names).
 */
package io.tusk.sql.streams;
