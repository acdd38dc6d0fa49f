package io.tusk.local.objectstorage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.tusk.local.state.StateLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys, buckets, flags and the Secret of the local object storage (no server needed). */
class ObjectStorageTest {

  @TempDir Path tmp;

  @Test
  void keysAreGeneratedOncePrivatelyAndKeptOutOfToString() throws Exception {
    StateLayout l = new StateLayout(tmp);
    ObjectStorage.Credentials first = ObjectStorage.credentials(l);
    ObjectStorage.Credentials again = ObjectStorage.credentials(l);
    assertThat(again).isEqualTo(first);
    assertThat(first.accessKey()).startsWith("TUSK").hasSize(24);
    assertThat(first.secretKey()).hasSize(60);
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(l.objectStorage().resolve("credentials"))))
        .isEqualTo("rw-------");
    assertThat(first.toString()).doesNotContain(first.secretKey());
    assertThat(ObjectStorage.credentials(new StateLayout(tmp.resolve("other"))))
        .isNotEqualTo(first);
  }

  @Test
  void bucketsAreDirectoriesWithS3Names() throws Exception {
    StateLayout l = new StateLayout(tmp);
    assertThat(ObjectStorage.createBuckets(l, List.of("tusk-backups", "wal.archive")))
        .containsExactly("tusk-backups", "wal.archive");
    assertThat(ObjectStorage.createBuckets(l, List.of("tusk-backups"))).isEmpty();
    assertThat(ObjectStorage.buckets(l)).containsExactly("tusk-backups", "wal.archive");
    // Whole base backups with password hashes: only root reads them.
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(l.objectStorage())))
        .isEqualTo("rwx------");
    assertThatThrownBy(() -> ObjectStorage.createBuckets(l, List.of("Bad_Bucket")))
        .hasMessageContaining("bucket name 'Bad_Bucket' is not valid");
    assertThatThrownBy(() -> ObjectStorage.checkBucketName("a..b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theGatewayListensOnTheBridgeWithKeysInItsEnvironmentOnly() {
    StateLayout l = new StateLayout(tmp);
    ObjectStorage.Credentials c = new ObjectStorage.Credentials("AK", "SECRET");
    assertThat(ObjectStorage.flags(l, 9000))
        .containsExactly(
            "--port",
            "10.244.0.1:9000",
            "--quiet",
            "posix",
            tmp.resolve("object-storage/data").toString())
        .doesNotContain("SECRET");
    assertThat(ObjectStorage.environment(c))
        .containsEntry("ROOT_ACCESS_KEY_ID", "AK")
        .containsEntry("ROOT_SECRET_ACCESS_KEY", "SECRET");
  }

  @Test
  void theSecretHoldsWhatSpiloReadsAlsoForClonesAndStandbys() {
    Secret s = ObjectStorage.secret("team-a", 9000, new ObjectStorage.Credentials("AK", "SECRET"));
    assertThat(s.getMetadata().getName()).isEqualTo("tusk-object-storage");
    assertThat(s.getMetadata().getNamespace()).isEqualTo("team-a");
    for (String prefix : List.of("", "CLONE_", "STANDBY_")) {
      assertThat(s.getStringData())
          .containsEntry(prefix + "AWS_ACCESS_KEY_ID", "AK")
          .containsEntry(prefix + "AWS_SECRET_ACCESS_KEY", "SECRET")
          .containsEntry(prefix + "AWS_ENDPOINT", "http://10.244.0.1:9000")
          .containsEntry(prefix + "AWS_REGION", "us-east-1")
          .containsEntry(prefix + "AWS_S3_FORCE_PATH_STYLE", "true");
    }
  }
}
