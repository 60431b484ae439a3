import Encoder
import NIOCore
import Synth

/// The audio side of a session while it plays: the synth renders a block of PCM into a buffer
/// taken at set-up, LAME turns it into frames, and the frames collect in a reused buffer until
/// the session hands them to its listeners as one `FrameChunk`. Only the render thread that
/// holds the session's turn touches it (the scheduler never runs one session on two threads
/// at once). A quiet session drops its producer, and a new one continues the stream's frame
/// numbering from the parameters in force.
final class StreamProducer {
    /// What every producer of a server is made with.
    struct Settings: Sendable {
        let format: AudioFormat
        let encoder: EncoderConfiguration
        let framesPerBlock: Int
        /// Frames collected before they go to the listeners in one write.
        let framesPerWrite: Int
    }

    let engine: SynthEngine
    private let encoder: FramedEncoder
    private let pcm: UnsafeMutablePointer<Float>
    let samplesPerFrame: Int
    let blockSamples: Int
    /// The stream frame this producer's first frame is, and the stream sample it starts at.
    private let firstFrame: Int
    private let firstSample: Int64
    private var buffers: DeliveryBuffers
    /// The first frame not yet handed out.
    private var pendingFrom: Int
    /// The highest |sample| of the last rendered block, 0...1 (the master bus limits below 1),
    /// as the engine's master bus measured it: what the TUI's level meters show.
    private(set) var lastPeak: Float = 0

    init(_ settings: Settings, parameters: ParameterMailbox, seed: UInt64, startingAtFrame firstFrame: Int) throws {
        engine = SynthEngine(format: settings.format, mailbox: parameters, seed: seed)
        samplesPerFrame = settings.encoder.samplesPerFrame
        blockSamples = settings.framesPerBlock * samplesPerFrame
        encoder = try FramedEncoder(settings.encoder, maximumBlockFrames: blockSamples)
        pcm = .allocate(capacity: blockSamples * settings.format.channels)
        self.firstFrame = firstFrame
        firstSample = Int64(firstFrame * samplesPerFrame)
        pendingFrom = firstFrame
        // LAME may emit a frame more than a block's worth; the history and the socket queues
        // hold about a lead's worth of writes, and the ring is a few times that.
        let capacity = (settings.framesPerWrite + settings.framesPerBlock + 2) * encoder.maximumFrameBytes
        buffers = DeliveryBuffers(count: 8, capacity: capacity, allocator: ByteBufferAllocator())
    }

    deinit { pcm.deallocate() }

    /// Where the next rendered sample will be heard, in samples of the decoded stream: the
    /// encoder and the decoder each delay it, so a change made now is heard there.
    var renderHead: Int64 { firstSample + engine.framesRendered + Int64(encoder.playbackDelay) }

    /// Frames encoded so far, in the stream's numbering: the next frame has this index.
    var framesEmitted: Int { firstFrame + encoder.framesEmitted }

    /// Frames encoded but not yet handed out.
    var pendingFrames: Int { framesEmitted - pendingFrom }

    /// Renders and encodes one block onto the pending frames. A block may yield one frame
    /// more or less than its worth, as LAME's internal buffer fills and drains.
    func renderBlock() throws {
        engine.render(into: pcm, frames: blockSamples)
        lastPeak = engine.takePeak()
        try encoder.encode(interleaved: pcm, frames: blockSamples) { frame in
            buffers.current.writeBytes(frame.bytes)
        }
    }

    /// The pending frames, as one chunk every listener can be handed.
    func takePending() -> FrameChunk {
        let chunk = FrameChunk(bytes: buffers.take(), firstFrame: pendingFrom, frameCount: pendingFrames)
        pendingFrom = framesEmitted
        return chunk
    }
}
