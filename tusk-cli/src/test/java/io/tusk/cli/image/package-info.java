/** Tests of the operator's OCI image archive that the tusk-cli build makes. */
package io.tusk.cli.image;
