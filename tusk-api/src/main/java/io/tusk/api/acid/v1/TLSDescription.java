package io.tusk.api.acid.v1;

import io.fabric8.generator.annotation.Required;

/**
 * The {@code spec.tls} section: the Secret holding a custom server certificate (mounted at {@code
 * /tls}) and optional CA. Mirrors {@code postgresql_type.go#TLSDescription} (v2.0.1).
 */
public class TLSDescription extends UnknownPropertyHolder {

  @Required private String secretName;

  private String certificateFile;

  private String privateKeyFile;

  private String caFile;

  private String caSecretName;

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public String getCertificateFile() {
    return certificateFile;
  }

  public void setCertificateFile(String certificateFile) {
    this.certificateFile = certificateFile;
  }

  public String getPrivateKeyFile() {
    return privateKeyFile;
  }

  public void setPrivateKeyFile(String privateKeyFile) {
    this.privateKeyFile = privateKeyFile;
  }

  public String getCaFile() {
    return caFile;
  }

  public void setCaFile(String caFile) {
    this.caFile = caFile;
  }

  public String getCaSecretName() {
    return caSecretName;
  }

  public void setCaSecretName(String caSecretName) {
    this.caSecretName = caSecretName;
  }
}
