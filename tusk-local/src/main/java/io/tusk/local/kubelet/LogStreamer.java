package io.tusk.local.kubelet;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.tusk.local.pods.CriLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Sends one container run's log file as the body of a response: the selected existing lines, then,
 * when following, new lines as they are written until the run has ended (its output is complete) or
 * the client went away. Blocks its thread; writes wait for the channel, so a slow client slows the
 * reading down rather than filling memory.
 */
final class LogStreamer {

  private static final long POLL_MILLIS = 200;

  private final Path file;
  private final LogSelection selection;
  private final boolean follow;
  private final BooleanSupplier ended;
  private final Channel channel;
  private byte[] pending = new byte[0];
  private long offset;

  LogStreamer(Path file, LogOptions options, BooleanSupplier ended, Channel channel) {
    this.file = file;
    this.selection = new LogSelection(options);
    this.follow = options.follow();
    this.ended = ended;
    this.channel = channel;
  }

  /** Streams the log; returns when there is nothing more to send. */
  void run() throws IOException, InterruptedException {
    send(selection.initial(read()));
    while (follow && channel.isActive() && !selection.exhausted()) {
      boolean over = ended.getAsBoolean(); // read once more after the run ended: the last lines
      List<CriLog.Line> lines = read();
      List<CriLog.Line> wanted = new ArrayList<>();
      for (CriLog.Line l : lines) {
        if (selection.wanted(l)) {
          wanted.add(l);
        }
      }
      send(wanted);
      if (over) {
        return;
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  private List<CriLog.Line> read() throws IOException {
    List<CriLog.Line> out = new ArrayList<>();
    byte[] fresh;
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long len = f.length();
      if (len <= offset) {
        return out;
      }
      fresh = new byte[(int) Math.min(len - offset, 4 << 20)];
      f.seek(offset);
      f.readFully(fresh);
      offset += fresh.length;
    }
    byte[] all = new byte[pending.length + fresh.length];
    System.arraycopy(pending, 0, all, 0, pending.length);
    System.arraycopy(fresh, 0, all, pending.length, fresh.length);
    int start = 0;
    for (int i = 0; i < all.length; i++) {
      if (all[i] == '\n') {
        CriLog.Line l = CriLog.parse(new String(all, start, i - start, StandardCharsets.UTF_8));
        if (l != null) {
          out.add(l);
        }
        start = i + 1;
      }
    }
    pending = java.util.Arrays.copyOfRange(all, start, all.length);
    return out;
  }

  private void send(List<CriLog.Line> lines) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    for (CriLog.Line l : lines) {
      if (selection.exhausted()) {
        break;
      }
      buf.writeBytes(selection.render(l));
    }
    if (buf.size() > 0 && channel.isActive()) {
      channel
          .writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(buf.toByteArray())))
          .awaitUninterruptibly();
    }
  }
}
