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
    /// The largest frame at this bitrate (a padded frame), to size a chunk's buffer once.
    private let maximumFrameBytes: Int
    /// The highest |sample| of the last rendered block, 0...1 (the master bus limits below 1):
    /// what the TUI's level meters show.
    private(set) var lastPeak: Float = 0

    init(engine: SynthEngine, encoder configuration: EncoderConfiguration, framesPerBlock: Int) throws {
        self.engine = engine
        samplesPerFrame = configuration.samplesPerFrame
        blockSamples = framesPerBlock * samplesPerFrame
        encoder = try FramedEncoder(configuration, maximumBlockFrames: blockSamples)
        pcm = .allocate(capacity: blockSamples * engine.format.channels)
        let kbps: Int
        if case .constant(let rate) = configuration.bitrate { kbps = rate } else { kbps = 320 }
        maximumFrameBytes = samplesPerFrame / 8 * kbps * 1000 / configuration.sampleRate + 1
    }

    deinit { pcm.deallocate() }

    /// Where the next rendered sample will be heard, in samples of the decoded stream: LAME
    /// delays its output by `encoderDelay` samples and a layer III decoder's filterbank by
    /// 529 more, so a change made now is heard there.
    var renderHead: Int64 { engine.framesRendered + Int64(encoder.encoder.encoderDelay + Self.decoderDelay) }

    static let decoderDelay = 529

    /// Frames handed out so far; the next chunk starts with this index.
    var framesEmitted: Int { encoder.framesEmitted }

    /// Renders and encodes one block. The chunk may hold one frame more or less than a
    /// block's worth, as LAME's internal buffer fills and drains.
    func renderBlock(allocator: ByteBufferAllocator) throws -> FrameChunk {
        engine.render(into: pcm, frames: blockSamples)
        lastPeak = peak()
        let firstFrame = encoder.framesEmitted
        var bytes = allocator.buffer(capacity: (blockSamples / samplesPerFrame + 2) * maximumFrameBytes)
        try encoder.encode(interleaved: pcm, frames: blockSamples) { frame in
            bytes.writeBytes(frame.bytes)
        }
        return FrameChunk(bytes: bytes, firstFrame: firstFrame, frameCount: encoder.framesEmitted - firstFrame)
    }

    /// One pass over the block in SIMD16 steps, no allocation: small beside the synth and LAME.
    private func peak() -> Float {
        let count = blockSamples * engine.format.channels
        let vectors = count / 16
        let samples = UnsafeRawPointer(pcm)
        var peaks = SIMD16<Float>.zero
        for index in 0..<vectors {
            let block = samples.loadUnaligned(fromByteOffset: index * MemoryLayout<SIMD16<Float>>.size, as: SIMD16<Float>.self)
            peaks = pointwiseMax(peaks, pointwiseMax(block, -block))
        }
        var peak = peaks.max()
        for index in (vectors * 16)..<count { peak = max(peak, abs(pcm[index])) }
        return peak
    }
}
