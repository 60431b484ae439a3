import CLame

/// One LAME encoder: set up in `init` (validated configuration, refused settings throw),
/// closed in `deinit`. Encodes float blocks (interleaved or planar, full scale ±1) into an
/// output buffer sized once from LAME's documented bound, so encoding allocates nothing
/// per block. Each `encode` returns a view of that buffer, valid until the next call.
public final class MP3Encoder {
    public enum State: Equatable { case encoding, flushed }

    public let configuration: EncoderConfiguration
    /// The largest block (frames per channel) one call may pass.
    public let maximumBlockFrames: Int
    public private(set) var state = State.encoding

    private let handle: OpaquePointer
    private let output: UnsafeMutablePointer<UInt8>
    private let outputCapacity: Int
    private let writesInfoTag: Bool

    /// - Parameter infoTag: reserve and fill a LAME/Info tag frame (for files, so players know
    ///   the length and trim the encoder delay and padding). Streams carry none.
    public init(_ configuration: EncoderConfiguration = .standard, maximumBlockFrames: Int = 16_384, infoTag: Bool = false) throws(EncoderError) {
        self.configuration = try configuration.validated()
        self.maximumBlockFrames = maximumBlockFrames
        writesInfoTag = infoTag
        guard let handle = lame_init() else { throw .outOfMemory }
        self.handle = handle
        lame_set_in_samplerate(handle, Int32(configuration.sampleRate))
        lame_set_out_samplerate(handle, Int32(configuration.sampleRate))
        lame_set_num_channels(handle, Int32(configuration.channels))
        lame_set_mode(handle, configuration.channelMode == .mono ? MONO : JOINT_STEREO)
        lame_set_quality(handle, Int32(configuration.algorithmQuality))
        switch configuration.bitrate {
        case .constant(let kbps):
            lame_set_VBR(handle, vbr_off)
            lame_set_brate(handle, Int32(kbps))
        case .variable(let quality):
            lame_set_VBR(handle, vbr_default)
            lame_set_VBR_quality(handle, Float(quality))
        }
        lame_set_disable_reservoir(handle, configuration.bitReservoir ? 0 : 1)
        lame_set_bWriteVbrTag(handle, infoTag ? 1 : 0)
        lame_set_write_id3tag_automatic(handle, 0)
        let status = lame_init_params(handle)
        guard status >= 0 else {
            lame_close(handle)
            throw .rejectedSettings(code: status)
        }
        // LAME's worst case: 1.25 bytes per sample plus 7200.
        outputCapacity = maximumBlockFrames * 5 / 4 + 7200
        output = .allocate(capacity: outputCapacity)
    }

    deinit {
        lame_close(handle)
        output.deallocate()
    }

    /// Samples per channel LAME adds before the signal (decoders skip them for gapless play).
    public var encoderDelay: Int { Int(lame_get_encoder_delay(handle)) }

    /// Samples per channel of padding after the signal in the last frame (known after `flush`).
    public var encoderPadding: Int { Int(lame_get_encoder_padding(handle)) }

    /// Encodes `frames` interleaved frames (`configuration.channels` floats each).
    public func encode(interleaved samples: UnsafePointer<Float>, frames: Int) throws(EncoderError) -> UnsafeRawBufferPointer {
        try checkBlock(frames)
        let written: Int32
        if configuration.channels == 2 {
            written = lame_encode_buffer_interleaved_ieee_float(handle, samples, Int32(frames), output, Int32(outputCapacity))
        } else {
            written = lame_encode_buffer_ieee_float(handle, samples, samples, Int32(frames), output, Int32(outputCapacity))
        }
        return try bytes(written)
    }

    /// Encodes planar blocks; `right` is ignored (may be nil) for mono.
    public func encode(left: UnsafePointer<Float>, right: UnsafePointer<Float>?, frames: Int) throws(EncoderError) -> UnsafeRawBufferPointer {
        try checkBlock(frames)
        let written = lame_encode_buffer_ieee_float(handle, left, right ?? left, Int32(frames), output, Int32(outputCapacity))
        return try bytes(written)
    }

    /// Pads and encodes what LAME still holds; the encoder is done after this.
    public func flush() throws(EncoderError) -> UnsafeRawBufferPointer {
        guard state == .encoding else { throw .finished }
        state = .flushed
        return try bytes(lame_encode_flush(handle, output, Int32(outputCapacity)))
    }

    /// The LAME/Info tag frame for the start of a file (after `flush`; empty without `infoTag`).
    public func infoTagFrame() -> [UInt8] {
        guard writesInfoTag, state == .flushed else { return [] }
        var tag = [UInt8](repeating: 0, count: 2880)  // the largest MPEG-1 layer III frame
        let size = tag.withUnsafeMutableBufferPointer { lame_get_lametag_frame(handle, $0.baseAddress, $0.count) }
        return Array(tag.prefix(size))
    }

    private func checkBlock(_ frames: Int) throws(EncoderError) {
        guard state == .encoding else { throw .finished }
        guard frames >= 0, frames <= maximumBlockFrames else { throw .blockTooLarge(frames: frames, maximum: maximumBlockFrames) }
    }

    private func bytes(_ written: Int32) throws(EncoderError) -> UnsafeRawBufferPointer {
        guard written >= 0 else { throw .encodingFailed(code: written) }
        return UnsafeRawBufferPointer(start: output, count: Int(written))
    }
}
