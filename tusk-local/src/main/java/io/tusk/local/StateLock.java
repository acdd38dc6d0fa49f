package io.tusk.local;

import io.tusk.local.state.StateLayout;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock of a state directory (a file beside it): whoever changes the control plane or its {@code
 * state.json} holds it, so that {@code up}, {@code down} and a component restart never interleave.
 * Closing releases the lock and the channel.
 */
record StateLock(FileChannel channel, FileLock lock) implements AutoCloseable {

  /** Takes the lock of {@code layout}, waiting (and saying so) while another process holds it. */
  static StateLock acquire(StateLayout layout, Progress progress) throws IOException {
    Path lockFile = layout.lockFile();
    Files.createDirectories(lockFile.getParent());
    FileChannel ch =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock = ch.tryLock();
    if (lock == null) {
      progress.step("waiting for another tusk process working on " + layout.root());
      lock = ch.lock();
    }
    return new StateLock(ch, lock);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
