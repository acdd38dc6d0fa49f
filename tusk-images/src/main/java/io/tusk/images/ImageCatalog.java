package io.tusk.images;

import io.tusk.images.logicalbackup.LogicalBackupImage;
import io.tusk.images.pgbouncer.PgBouncerImage;
import io.tusk.images.spilo.SpiloImage;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The container images the local node can run, by image reference:
 *
 * <ul>
 *   <li>Spilo: any reference whose name starts with {@code spilo} (e.g. {@code
 *       ghcr.io/zalando/spilo-18:4.1-p2}, {@code
 *       registry.opensource.zalan.do/acid/spilo-16:3.3-p3}); a trailing {@code -<major>} in the
 *       name is the image's default PostgreSQL major;
 *   <li>Zalando's connection pooler: {@code .../postgres-operator/pgbouncer:...} and {@code
 *       .../acid/pgbouncer:...}.
 * </ul>
 */
public final class ImageCatalog {

  private static final Pattern SPILO_MAJOR = Pattern.compile("-(\\d+)$");

  private final Installations installations;

  private ImageCatalog(Installations installations) {
    this.installations = installations;
  }

  public static ImageCatalog standard(Installations installations) {
    return new ImageCatalog(installations);
  }

  public Installations installations() {
    return installations;
  }

  /** The image behind a reference, or empty when the local node does not know it. */
  public Optional<ContainerImage> resolve(String imageReference) {
    if (imageReference == null || imageReference.isBlank()) {
      return Optional.empty();
    }
    ImageReference ref = ImageReference.parse(imageReference);
    String name = ref.name();
    if (name.startsWith("spilo")) {
      Matcher m = SPILO_MAJOR.matcher(name);
      OptionalInt major =
          m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
      return Optional.of(new SpiloImage(ref.reference(), major, installations));
    }
    if (name.equals("pgbouncer")
        && ref.namespace()
            .filter(ns -> ns.equals("postgres-operator") || ns.equals("acid"))
            .isPresent()) {
      return Optional.of(new PgBouncerImage(ref.reference(), installations));
    }
    if (name.equals("logical-backup")
        && ref.namespace()
            .filter(ns -> ns.equals("postgres-operator") || ns.equals("acid"))
            .isPresent()) {
      return Optional.of(new LogicalBackupImage(ref.reference(), installations));
    }
    return Optional.empty();
  }

  /**
   * What the local node runs, for a pod failure reason ("image X is not known to the local node; it
   * runs: ...").
   */
  public String describeKnownImages() {
    return "Spilo images (ghcr.io/zalando/spilo-NN:..., .../acid/spilo-NN:...; PostgreSQL "
        + installations.describeMajors()
        + " with Patroni "
        + installations.patroniVersion().orElse("(not installed)")
        + "), the Zalando pgbouncer image (.../postgres-operator/pgbouncer:...,"
        + " .../acid/pgbouncer:...; PgBouncer "
        + installations.pgbouncerVersion().orElse("(not installed)")
        + "), the Zalando logical backup image (.../postgres-operator/logical-backup:...; AWS"
        + " CLI "
        + installations.awsCliVersion().orElse("(not installed)")
        + ")";
  }

  /** The complete pod failure reason for an unknown image. */
  public String unknownImageReason(String imageReference) {
    return "image "
        + imageReference
        + " is not known to the local node; it runs: "
        + describeKnownImages();
  }
}
