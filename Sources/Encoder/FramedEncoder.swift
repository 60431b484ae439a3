/// An `MP3Encoder` whose output comes out as whole frames, each with its index, its position
/// on the input's sample clock and whether a listener can join on it: what the streaming
/// server paces and fans out. LAME's output is cut at frame boundaries by parsing headers;
/// a partial frame waits in a carry buffer taken once at set-up, so nothing is allocated
/// per block.
public final class FramedEncoder {
    public var configuration: EncoderConfiguration { encoder.configuration }
    /// Samples per channel LAME puts before the signal: input sample 0 is decoded at sample
    /// `encoderDelay` of the stream, before the decoder's own delay.
    public let encoderDelay: Int
    /// Bytes in the longest frame the stream can hold (a padded frame at its bitrate, or at
    /// the top of its version's ladder for VBR): to size a buffer for a block's frames once.
    public let maximumFrameBytes: Int

    /// A layer III decoder's synthesis filterbank delays its output by this many samples.
    public static let decoderDelay = 529

    private let encoder: MP3Encoder
    private let carry: UnsafeMutableRawPointer
    private let carryCapacity: Int
    private var carried = 0
    private var nextIndex = 0

    public init(_ configuration: EncoderConfiguration = .standard, maximumBlockFrames: Int = 16_384) throws(EncoderError) {
        let encoder = try MP3Encoder(configuration, maximumBlockFrames: maximumBlockFrames)
        self.encoder = encoder
        encoderDelay = encoder.encoderDelay  // fixed once LAME's parameters are set
        let topKbps = switch configuration.bitrate {
        case .constant(let rate): rate
        case .variable: EncoderConfiguration.bitrates(forSampleRate: configuration.sampleRate).last!
        }
        maximumFrameBytes = try MP3FrameHeader(stream: configuration, bitrateKbps: topKbps, padding: true).length
        // One block's worst-case output plus a frame left over from the previous block.
        carryCapacity = maximumBlockFrames * 5 / 4 + 7200 + 2 * 2880
        carry = .allocate(byteCount: carryCapacity, alignment: 16)
    }

    deinit { carry.deallocate() }

    /// Frames emitted so far.
    public var framesEmitted: Int { nextIndex }

    /// Samples per channel from an input sample to where a decoder plays it: the encoder's
    /// delay and the decoder's.
    public var playbackDelay: Int { encoderDelay + Self.decoderDelay }

    /// Encodes interleaved PCM and hands every frame completed so far to `onFrame`.
    public func encode(interleaved samples: UnsafePointer<Float>, frames: Int, onFrame: (EncodedFrame) throws -> Void) throws {
        try split(encoder.encode(interleaved: samples, frames: frames), onFrame)
    }

    /// Flushes the encoder and hands out the last frames.
    public func finish(onFrame: (EncodedFrame) throws -> Void) throws {
        try split(encoder.flush(), onFrame)
    }

    private func split(_ output: UnsafeRawBufferPointer, _ onFrame: (EncodedFrame) throws -> Void) throws {
        guard output.count > 0 else { return }
        guard carried + output.count <= carryCapacity else { throw EncoderError.encodingFailed(code: -1) }
        (carry + carried).copyMemory(from: output.baseAddress!, byteCount: output.count)
        carried += output.count
        let buffer = UnsafeRawBufferPointer(start: carry, count: carried)
        var start = 0
        while let header = MP3FrameHeader(buffer, at: start), start + header.length <= carried {
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[start..<(start + header.length)])
            guard let frame = MP3Frame(bytes, at: 0) else { break }
            let spf = header.samplesPerFrame
            try onFrame(EncodedFrame(frame: frame, bytes: bytes, index: nextIndex,
                                     firstInputSample: nextIndex * spf - encoderDelay))
            nextIndex += 1
            start += header.length
        }
        // LAME writes only frames, so a non-header here means corrupt output: drop it rather
        // than stall the stream forever.
        if start < carried, MP3FrameHeader(buffer, at: start) == nil, carried - start >= 4 {
            throw EncoderError.encodingFailed(code: -4)
        }
        carry.copyMemory(from: carry + start, byteCount: carried - start)
        carried -= start
    }
}
