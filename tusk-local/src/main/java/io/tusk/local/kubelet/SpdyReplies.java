package io.tusk.local.kubelet;

import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;

/**
 * The SYN_REPLY that accepts a client's stream. It carries the stream's type as a header: Netty
 * encodes a reply without headers with an empty header block, which Go's SPDY framer (the API
 * server's side) cannot read, whereas a kubelet's replies always hold a compressed header count.
 */
final class SpdyReplies {

  private SpdyReplies() {}

  static SpdySynReplyFrame reply(int streamId, String streamType) {
    SpdySynReplyFrame f = new DefaultSpdySynReplyFrame(streamId);
    f.headers().set("streamtype", streamType);
    return f;
  }
}
