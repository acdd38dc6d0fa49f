package io.tusk.local.kubelet;

import java.util.Arrays;

/**
 * The WebSocket channel protocol's messages ({@code channel.k8s.io} and its versions): the first
 * byte is the channel, the rest the data. Pure.
 */
final class ChannelFrames {

  static final int STDIN = 0;
  static final int STDOUT = 1;
  static final int STDERR = 2;
  static final int ERROR = 3;
  static final int RESIZE = 4;

  /** v5: the client closed the channel named by the next byte (its stdin). */
  static final int CLOSE = 255;

  /** A decoded message. */
  record Frame(int channel, byte[] data) {}

  private ChannelFrames() {}

  static byte[] encode(int channel, byte[] data) {
    byte[] out = new byte[data.length + 1];
    out[0] = (byte) channel;
    System.arraycopy(data, 0, out, 1, data.length);
    return out;
  }

  /** Null for an empty message (it names no channel). */
  static Frame decode(byte[] message) {
    if (message.length == 0) {
      return null;
    }
    return new Frame(message[0] & 0xff, Arrays.copyOfRange(message, 1, message.length));
  }
}
