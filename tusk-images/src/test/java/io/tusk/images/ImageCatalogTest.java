package io.tusk.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.images.pgbouncer.PgBouncerImage;
import io.tusk.images.spilo.SpiloImage;
import org.junit.jupiter.api.Test;

class ImageCatalogTest {

  private final ImageCatalog catalog = ImageCatalog.standard(FakeInstallations.standard());

  @Test
  void spiloReferencesOfEveryRegistryResolveToSpilo() {
    for (String ref :
        new String[] {
          "ghcr.io/zalando/spilo-18:4.1-p2",
          "registry.opensource.zalan.do/acid/spilo-16:3.3-p3",
          "spilo-17:latest",
          "localhost:5000/team/spilo:dev",
          "ghcr.io/zalando/spilo-18@sha256:0123abcd"
        }) {
      assertThat(catalog.resolve(ref)).as(ref).get().isInstanceOf(SpiloImage.class);
    }
  }

  @Test
  void zalandoPoolerReferencesResolveToPgBouncer() {
    assertThat(catalog.resolve("ghcr.io/zalando/postgres-operator/pgbouncer:v2.0.1"))
        .get()
        .isInstanceOf(PgBouncerImage.class);
    assertThat(catalog.resolve("registry.opensource.zalan.do/acid/pgbouncer:master-32"))
        .get()
        .isInstanceOf(PgBouncerImage.class);
  }

  @Test
  void otherImagesAreUnknown() {
    assertThat(catalog.resolve("bitnami/pgbouncer:1.24")).isEmpty();
    assertThat(catalog.resolve("docker.io/library/postgres:17")).isEmpty();
    assertThat(catalog.resolve("example.org/someone/logical-backup:1")).isEmpty();
    assertThat(catalog.resolve("")).isEmpty();
  }

  @Test
  void describesWhatRunsWithVersions() {
    assertThat(catalog.describeKnownImages())
        .contains("Spilo images")
        .contains("spilo-NN")
        .contains("PostgreSQL 15, 17, 18")
        .contains("Patroni 4.1.5")
        .contains("postgres-operator/pgbouncer")
        .contains("postgres-operator/logical-backup")
        .contains("acid/pgbouncer")
        .contains("PgBouncer 1.18.0");
    assertThat(catalog.unknownImageReason("busybox:1"))
        .startsWith("image busybox:1 is not known to the local node; it runs: Spilo images");
  }

  @Test
  void parsesReferences() {
    ImageReference r = ImageReference.parse("registry.opensource.zalan.do/acid/spilo-16:3.3-p3");
    assertThat(r.path()).containsExactly("acid", "spilo-16");
    assertThat(r.name()).isEqualTo("spilo-16");
    assertThat(r.namespace()).contains("acid");
    assertThat(r.tag()).contains("3.3-p3");
    ImageReference local = ImageReference.parse("localhost:5000/spilo");
    assertThat(local.path()).containsExactly("spilo");
    assertThat(local.tag()).isEmpty();
  }
}
