package io.tusk.local.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A terminal size from the resize stream, where clients write one JSON object per change ({@code
 * {"Width":80,"Height":24}}), possibly split over several frames. {@link Decoder} collects the
 * bytes and returns the sizes whose objects are complete (pure).
 */
record TerminalSize(int width, int height) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Accumulates resize stream bytes. */
  static final class Decoder {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    List<TerminalSize> feed(byte[] bytes) {
      buf.writeBytes(bytes);
      byte[] all = buf.toByteArray();
      List<TerminalSize> out = new ArrayList<>();
      int depth = 0;
      int start = -1;
      int consumed = 0;
      for (int i = 0; i < all.length; i++) {
        if (all[i] == '{') {
          if (depth++ == 0) {
            start = i;
          }
        } else if (all[i] == '}' && depth > 0 && --depth == 0) {
          parse(all, start, i + 1 - start, out);
          consumed = i + 1;
        }
      }
      buf.reset();
      buf.write(all, consumed, all.length - consumed);
      return out;
    }

    private static void parse(byte[] b, int off, int len, List<TerminalSize> out) {
      try {
        JsonNode n = JSON.readTree(b, off, len);
        int w = n.path("Width").asInt(0);
        int h = n.path("Height").asInt(0);
        if (w > 0 && h > 0) {
          out.add(new TerminalSize(w, h));
        }
      } catch (IOException e) {
        // not a size: ignored, as the kubelet stops reading sizes on garbage
      }
    }
  }
}
