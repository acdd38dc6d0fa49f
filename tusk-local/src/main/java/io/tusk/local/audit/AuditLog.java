package io.tusk.local.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the write requests of an audit log written under {@link AuditPolicy} (JSON, one event per
 * line). Lines that are not complete events (the last one while the API server writes it) are
 * skipped.
 */
public final class AuditLog {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  public AuditLog(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** The write requests received at or after {@code from} and before {@code to}. */
  public List<ApiWrite> writes(Instant from, Instant to) {
    List<ApiWrite> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    try (BufferedReader in = Files.newBufferedReader(file)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        ApiWrite w = parse(line);
        if (w != null && !w.at().isBefore(from) && w.at().isBefore(to)) {
          out.add(w);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit log " + file, e);
    }
    return out;
  }

  /** One audit event line as a write, or null if it is none (or not a complete event). */
  static ApiWrite parse(String line) {
    if (line.isBlank()) {
      return null;
    }
    JsonNode e;
    try {
      e = JSON.readTree(line);
    } catch (IOException ex) {
      return null;
    }
    String verb = e.path("verb").asText("");
    String received = e.path("requestReceivedTimestamp").asText("");
    if (!AuditPolicy.WRITE_VERBS.contains(verb) || received.isEmpty()) {
      return null;
    }
    JsonNode impersonated = e.path("impersonatedUser").path("username");
    String user =
        impersonated.isTextual()
            ? impersonated.asText()
            : e.path("user").path("username").asText("");
    JsonNode ref = e.path("objectRef");
    return new ApiWrite(
        Instant.parse(received),
        Components.of(user, e.path("userAgent").asText(null)),
        verb,
        ref.path("resource").asText(""),
        ref.path("subresource").asText(""),
        ref.path("namespace").asText(""),
        ref.path("name").asText(""),
        e.path("responseStatus").path("code").asInt(0));
  }
}
