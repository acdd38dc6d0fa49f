/**
 * Credential Secrets: what they hold and who wrote them ({@link
 * io.tusk.operator.secrets.CredentialSecrets}, pure rules: the keys, read-back of a stored
 * password, user-supplied Secrets). Their one writer is {@code
 * io.tusk.operator.sync.CredentialSecretWriter}.
 */
package io.tusk.operator.secrets;
