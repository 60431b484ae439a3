import Encoder
import NIOCore
import Synth

/// The audio side of a session: the synth renders a block of PCM into a buffer taken at
/// set-up, LAME turns it into frames, and the frames come back as one `FrameChunk`. Only the
/// render thread that holds the session's turn touches it (the scheduler never runs one
/// session on two threads at once).
final class StreamProducer: @unchecked Sendable {
    let engine: SynthEngine
    private let encoder: FramedEncoder
    private let pcm: UnsafeMutablePointer<Float>
    let samplesPerFrame: Int
    let blockSamples: Int
    /// The highest |sample| of the last rendered block, 0...1 (the master bus limits below 1),
    /// as the engine's master bus measured it: what the TUI's level meters show.
    private(set) var lastPeak: Float = 0

    init(engine: SynthEngine, encoder configuration: EncoderConfiguration, framesPerBlock: Int) throws {
        self.engine = engine
        samplesPerFrame = configuration.samplesPerFrame
        blockSamples = framesPerBlock * samplesPerFrame
        encoder = try FramedEncoder(configuration, maximumBlockFrames: blockSamples)
        pcm = .allocate(capacity: blockSamples * engine.format.channels)
    }

    deinit { pcm.deallocate() }

    /// Where the next rendered sample will be heard, in samples of the decoded stream: the
    /// encoder and the decoder each delay it, so a change made now is heard there.
    var renderHead: Int64 { engine.framesRendered + Int64(encoder.playbackDelay) }

    /// Frames handed out so far; the next chunk starts with this index.
    var framesEmitted: Int { encoder.framesEmitted }

    /// Renders and encodes one block. The chunk may hold one frame more or less than a
    /// block's worth, as LAME's internal buffer fills and drains.
    func renderBlock(allocator: ByteBufferAllocator) throws -> FrameChunk {
        engine.render(into: pcm, frames: blockSamples)
        lastPeak = engine.takePeak()
        let firstFrame = encoder.framesEmitted
        var bytes = allocator.buffer(capacity: (blockSamples / samplesPerFrame + 2) * encoder.maximumFrameBytes)
        try encoder.encode(interleaved: pcm, frames: blockSamples) { frame in
            bytes.writeBytes(frame.bytes)
        }
        return FrameChunk(bytes: bytes, firstFrame: firstFrame, frameCount: encoder.framesEmitted - firstFrame)
    }
}
