/**
 * The certificates of one control plane. {@link io.tusk.local.pki.LocalPki} generates them into
 * {@code <state>/pki} with kubeadm's identities (API server serving certificate, component, admin,
 * node-agent and kubelet-client certificates, service-account key pair), signed by a throw-away
 * {@link io.tusk.local.pki.CertificateAuthority}; {@link io.tusk.local.pki.Kubeconfigs} writes the
 * kubeconfigs that use them and opens fabric8 clients; {@link io.tusk.local.pki.TlsContexts} gives
 * the health checks TLS contexts; {@link io.tusk.local.pki.Pem} encodes.
 */
package io.tusk.local.pki;
