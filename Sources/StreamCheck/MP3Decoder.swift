import CMpg123

/// libmpg123 in feed mode: bytes go in as they arrive, whole frames of float samples come
/// out. It also keeps the books a stream check needs: where each frame sat in the input,
/// so bytes skipped between frames (garbage, lost sync) and a frame cut off at the end show.
final class MP3Decoder {
    /// A decoded frame's samples (interleaved, valid until the next `decode()`) and what its
    /// header said.
    struct Frame {
        var samples: UnsafeBufferPointer<Float>
        var channels: Int
        var sampleRate: Int
        var bitrate: Int
        var layer: Int
    }

    enum Step {
        case frame(Frame)
        case needMore
        case error(String)
    }

    private let handle: OpaquePointer
    private(set) var bytesFed = 0
    /// Where in the input the last decoded frame ended; nil before the first frame.
    private(set) var frameEnd: Int?
    private(set) var skippedBytes = 0
    private(set) var resyncs = 0
    /// Bytes between frames that are expected there (an HLS segment's ID3 tag), not garbage.
    private var expectedSkip = 0
    private var channels = 2
    private var sampleRate = 44100

    /// libmpg123 before 1.27 needs a global set-up first; it is harmless after.
    private static let libraryReady: Bool = mpg123_init() == MPG123_OK.rawValue

    init() throws(CheckError) {
        _ = Self.libraryReady
        var error: Int32 = 0
        guard let handle = mpg123_new(nil, &error) else {
            throw CheckError("cannot start libmpg123: \(String(cString: mpg123_plain_strerror(error)))")
        }
        self.handle = handle
        // Quiet: it would print its complaints; we count them. No gapless trimming: every
        // frame's samples count as delivered audio. Resync as far as it takes, so garbage is
        // skipped and measured rather than ending the check.
        // (mpg123_param and mpg123_info are macros for these int-typed variants.)
        mpg123_param2(handle, Int32(MPG123_ADD_FLAGS.rawValue), Int(MPG123_QUIET.rawValue), 0)
        mpg123_param2(handle, Int32(MPG123_REMOVE_FLAGS.rawValue), Int(MPG123_GAPLESS.rawValue), 0)
        mpg123_param2(handle, Int32(MPG123_RESYNC_LIMIT.rawValue), -1, 0)
        // Float output at the stream's own rate and channels, whatever they are.
        mpg123_format_none(handle)
        var rates: UnsafePointer<Int>?
        var rateCount = 0
        mpg123_rates(&rates, &rateCount)
        for index in 0..<rateCount {
            mpg123_format(handle, rates![index], Int32(MPG123_MONO.rawValue | MPG123_STEREO.rawValue), Int32(MPG123_ENC_FLOAT_32.rawValue))
        }
        guard mpg123_open_feed(handle) == MPG123_OK.rawValue else {
            let message = String(cString: mpg123_strerror(handle))
            mpg123_delete(handle)
            throw CheckError("cannot start libmpg123: \(message)")
        }
    }

    deinit { mpg123_delete(handle) }

    /// Hands bytes to the decoder (it keeps its own copy until they are decoded).
    func feed(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        mpg123_feed(handle, base.assumingMemoryBound(to: UInt8.self), bytes.count)
        bytesFed += bytes.count
    }

    /// Says the next `count` bytes between frames are expected (an ID3 tag), not garbage.
    func expectSkip(_ count: Int) { expectedSkip += count }

    /// The next frame, if the bytes fed hold a whole one. The samples live in libmpg123's
    /// own output buffer, allocated once, so decoding allocates nothing per frame.
    func decode() -> Step {
        var number: off_t = 0
        var audio: UnsafeMutablePointer<UInt8>?
        var size = 0
        var result = mpg123_decode_frame(handle, &number, &audio, &size)
        if result == MPG123_NEW_FORMAT.rawValue {
            var rate = 0, channelCount: Int32 = 0, encoding: Int32 = 0
            mpg123_getformat(handle, &rate, &channelCount, &encoding)
            sampleRate = rate
            channels = Int(channelCount)
            result = mpg123_decode_frame(handle, &number, &audio, &size)
        }
        if result == MPG123_NEED_MORE.rawValue || result == MPG123_DONE.rawValue { return .needMore }
        guard result == MPG123_OK.rawValue else { return .error(String(cString: mpg123_strerror(handle))) }
        guard size > 0, let audio else { return .needMore }

        var info = mpg123_frameinfo2()
        mpg123_info2(handle, &info)
        account(frameStart: Int(mpg123_framepos(handle)), length: Int(info.framesize))
        let samples = UnsafeRawPointer(audio).bindMemory(to: Float.self, capacity: size / 4)
        return .frame(Frame(samples: UnsafeBufferPointer(start: samples, count: size / 4), channels: channels,
                            sampleRate: sampleRate, bitrate: Int(info.bitrate), layer: Int(info.layer)))
    }

    /// Bytes between the last frame's end and this frame's start were skipped: the decoder
    /// lost sync and searched. Bytes before the first frame are not counted: a player that
    /// joins a live stream starts anywhere in a frame.
    private func account(frameStart: Int, length: Int) {
        if let frameEnd, frameStart > frameEnd {
            let expected = min(expectedSkip, frameStart - frameEnd)
            expectedSkip -= expected
            let garbage = frameStart - frameEnd - expected
            if garbage > 0 {
                skippedBytes += garbage
                resyncs += 1
            }
        }
        frameEnd = frameStart + length
    }

    /// A new ID3v2 title since the last call (HLS segments carry one in their tag).
    func newID3Title() -> String? {
        guard mpg123_meta_check(handle) & MPG123_NEW_ID3 != 0 else { return nil }
        var version1: UnsafeMutablePointer<mpg123_id3v1>?
        var version2: UnsafeMutablePointer<mpg123_id3v2>?
        guard mpg123_id3(handle, &version1, &version2) == MPG123_OK.rawValue,
              let title = version2?.pointee.title?.pointee, let text = title.p, title.fill > 0 else { return nil }
        return String(cString: text)
    }
}
