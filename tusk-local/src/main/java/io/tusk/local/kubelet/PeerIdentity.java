package io.tusk.local.kubelet;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Who a client certificate names, as Kubernetes' x509 authenticator reads it: the common name is
 * the user, every organization a group.
 */
record PeerIdentity(String user, List<String> groups) {

  static PeerIdentity of(X509Certificate cert) {
    return of(cert.getSubjectX500Principal());
  }

  static PeerIdentity of(X500Principal subject) {
    String user = null;
    List<String> groups = new ArrayList<>();
    try {
      for (Rdn rdn : new LdapName(subject.getName(X500Principal.RFC2253)).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN") && user == null) {
          user = rdn.getValue().toString();
        } else if (rdn.getType().equalsIgnoreCase("O")) {
          groups.add(rdn.getValue().toString());
        }
      }
    } catch (InvalidNameException e) {
      throw new IllegalArgumentException("unreadable certificate subject " + subject, e);
    }
    if (user == null || user.isEmpty()) {
      throw new IllegalArgumentException("certificate subject names no user: " + subject);
    }
    return new PeerIdentity(user, List.copyOf(groups));
  }
}
