import Logging
import NIOCore

/// One HTTP connection playing a session. It lives on its channel's event loop and is only
/// touched there. It remembers the next frame it needs, so a chunk that reaches it twice
/// (once in its join burst, once as a fresh block) is sent once.
///
/// After the response head a stream is raw bytes until the connection closes, so the audio
/// goes in at the pipeline's first handler (`context` is that handler's): each delivery is
/// one write to the socket, not a pass through every HTTP handler.
final class Listener {
    let context: ChannelHandlerContext
    /// `context.channel`, kept: reaching it through the context and its pipeline takes a
    /// retain and a release per write, for every listener.
    private let channel: Channel
    let session: Session
    let peer: String
    private(set) var nextFrame: Int
    private(set) var bytesSent = 0
    private var dropped = false
    /// For players that asked for ICY metadata: audio bytes left before the next block, and
    /// the title version they last got.
    private let metadataInterval: Int?
    private var audioUntilMetadata: Int
    private var sentTitleVersion = -1

    init(context: ChannelHandlerContext, session: Session, peer: String, firstFrame: Int, metadataInterval: Int?) {
        self.context = context
        channel = context.channel
        self.session = session
        self.peer = peer
        self.metadataInterval = metadataInterval
        audioUntilMetadata = metadataInterval ?? 0
        nextFrame = firstFrame
    }

    /// Writes the part of `chunk` this listener has not had yet, or disconnects it when its
    /// backlog has passed the channel's high-water mark (`maxListenerLagSeconds` of audio):
    /// a listener that stops reading must never hold up the session or grow memory.
    /// Returns the audio bytes written.
    func send(_ chunk: FrameChunk, logger: Logger) -> Int {
        guard !dropped, chunk.endFrame > nextFrame else { return 0 }
        guard channel.isWritable else {
            dropped = true
            logger.warning("dropping a listener that stopped keeping up", metadata: [
                "session": "\(session.token.short)", "peer": "\(peer)", "backlog_limit_s": "\(session.maxLagSeconds)",
            ])
            session.statistics.droppedListeners.add(1)
            context.close(promise: nil)
            return 0
        }
        var bytes = chunk.frames(from: nextFrame)
        let count = bytes.readableBytes
        bytesSent += count
        nextFrame = chunk.endFrame
        guard let interval = metadataInterval else {
            context.writeAndFlush(NIOAny(bytes), promise: nil)
            return count
        }
        // Slices of the shared buffer around each metadata block: still no copy of the audio.
        while bytes.readableBytes > 0 {
            let slice = bytes.readSlice(length: min(bytes.readableBytes, audioUntilMetadata))!
            context.write(NIOAny(slice), promise: nil)
            audioUntilMetadata -= slice.readableBytes
            if audioUntilMetadata == 0 {
                let title = session.title
                let block = title.version == sentTitleVersion ? IcyMetadata.unchanged : IcyMetadata.block(title: title.text)
                sentTitleVersion = title.version
                context.write(NIOAny(block), promise: nil)
                audioUntilMetadata = interval
            }
        }
        context.flush()
        return count
    }

    /// Ends the stream cleanly (the session was ended).
    func finish() {
        guard !dropped else { return }
        dropped = true
        context.close(promise: nil)
    }
}
