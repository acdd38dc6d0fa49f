package io.tusk.local.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The audit policy of a local control plane: one log line per completed write request (verbs
 * create, update, patch, delete, deletecollection) at level {@code Metadata}, so the user, user
 * agent and object of every write are known but no request or response body is logged (Secrets stay
 * out of the log); reads and watches are not logged at all.
 */
public final class AuditPolicy {

  /** The verbs that change objects. */
  public static final List<String> WRITE_VERBS =
      List.of("create", "update", "patch", "delete", "deletecollection");

  static final String POLICY =
      """
      apiVersion: audit.k8s.io/v1
      kind: Policy
      omitStages: ["RequestReceived", "ResponseStarted"]
      rules:
      - level: Metadata
        verbs: ["create", "update", "patch", "delete", "deletecollection"]
      - level: None
      """;

  /** The log is rotated at this size (MB), keeping one older file. */
  static final int MAX_SIZE_MB = 200;

  private AuditPolicy() {}

  /** Writes the policy file. */
  public static void write(Path policy) throws IOException {
    Files.createDirectories(policy.getParent());
    Files.writeString(policy, POLICY);
  }

  /** The API server flags that log writes to {@code log} under the policy in {@code policy}. */
  public static List<String> apiserverFlags(Path policy, Path log) {
    return List.of(
        "--audit-policy-file=" + policy,
        "--audit-log-path=" + log,
        "--audit-log-format=json",
        "--audit-log-maxsize=" + MAX_SIZE_MB,
        "--audit-log-maxbackup=1",
        // Written as requests complete, not in batches, so a reader sees a request at once.
        "--audit-log-mode=blocking");
  }
}
