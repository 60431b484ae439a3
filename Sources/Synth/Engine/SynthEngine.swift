import CFloatEnvironment
import RealModule

/// The generative instrument: a parameter set and a seed in, an endless stream of PCM out.
///
/// Audio is made in fixed control blocks of 128 frames (`ControlBlock.frames`); `render` serves any block size from
/// them, so the sound does not depend on how a caller slices its requests. Parameter changes
/// arrive through `parameters` from any thread and take effect at the next control block,
/// all of a batch at the same sample. After `init` the render path takes no locks and
/// allocates nothing.
public final class SynthEngine {
    public static let controlBlockFrames = ControlBlock.frames
    /// The most frames one `render` call may ask for.
    public static let maximumBlockFrames = 16_384

    public let format: AudioFormat
    public let seed: UInt64
    /// Submit changes here, from any thread.
    public let parameters: ParameterMailbox
    /// Frames rendered since the start (the stream's clock).
    public private(set) var framesRendered: Int64 = 0

    private let sampleRate: Double
    private let smoother: ParameterSmoother
    private let incoming: UnsafeMutablePointer<Double>
    private let incomingGlides: UnsafeMutablePointer<Double>
    private var appliedSequence: UInt64 = 0

    // Only the render thread touches the chain, so the per-access exclusivity check (a
    // runtime call on every control block) is left out.
    @exclusivity(unchecked) private var chain: SignalChain
    private let mixLeft: UnsafePointer<Float>
    private let mixRight: UnsafePointer<Float>
    private var blockPosition = controlBlockFrames

    public convenience init(format: AudioFormat = .standard, parameters initial: ParameterSet = ParameterSet(), seed: UInt64 = 0) {
        self.init(format: format, mailbox: ParameterMailbox(initial: initial), seed: seed)
    }

    /// An engine that takes its changes from a mailbox that outlives it: a server session
    /// keeps its parameters while its engine is released, and a new engine starts from the
    /// values in force (with no glide to them).
    public init(format: AudioFormat = .standard, mailbox: ParameterMailbox, seed: UInt64 = 0) {
        let initial = mailbox.current
        self.format = format
        self.seed = seed
        sampleRate = Double(format.sampleRate)
        parameters = mailbox
        smoother = ParameterSmoother(initial: initial, blockSeconds: Double(Self.controlBlockFrames) / sampleRate)
        incoming = .allocate(capacity: ParameterID.count)
        incoming.initialize(repeating: 0, count: ParameterID.count)
        incomingGlides = .allocate(capacity: ParameterID.count)
        incomingGlides.initialize(repeating: 0, count: ParameterID.count)
        chain = SignalChain(sampleRate: sampleRate, blockFrames: Self.controlBlockFrames, seed: seed)
        mixLeft = UnsafePointer(chain.mixLeft.pointer)
        mixRight = UnsafePointer(chain.mixRight.pointer)
    }

    deinit {
        incoming.deallocate()
        incomingGlides.deallocate()
    }

    /// Fills `frames` interleaved frames (`format.channels` samples each) at `output`.
    public func render(into output: UnsafeMutablePointer<Float>, frames: Int) {
        precondition(frames >= 0 && frames <= Self.maximumBlockFrames, "render at most \(Self.maximumBlockFrames) frames per call")
        // Subnormal numbers flush to zero while we render, and the caller's mode comes back
        // after: a recursion decaying into them (a filter after its voice fell silent, a
        // drum's tail) runs many times slower and sounds like silence. lo-fi rendered 16 %
        // faster with them flushed.
        let callerMode = synthcast_flush_denormals()
        defer { synthcast_restore_float_mode(callerMode) }
        let stereo = format.channels == 2
        var written = 0
        while written < frames {
            if blockPosition == Self.controlBlockFrames {
                renderControlBlock()
                blockPosition = 0
            }
            let count = min(frames - written, Self.controlBlockFrames - blockPosition)
            let left = mixLeft + blockPosition, right = mixRight + blockPosition
            if stereo {
                Self.interleave(left, right, into: output + 2 * written, frames: count)
            } else {
                Self.downmix(left, right, into: output + written, frames: count)
            }
            blockPosition += count
            written += count
        }
        framesRendered += Int64(frames)
    }

    /// Same, into a buffer whose size sets the frame count.
    public func render(into buffer: UnsafeMutableBufferPointer<Float>) {
        guard let base = buffer.baseAddress else { return }
        render(into: base, frames: buffer.count / format.channels)
    }

    /// The largest |sample| rendered since the last call, 0...1 (the master bus limits below
    /// 1): for level meters. Call it from the thread that renders.
    ///
    /// The master bus keeps it from magnitudes it computes anyway, a control block at a time,
    /// so it is exact when calls end on control-block boundaries; a block a call ends inside
    /// counts for that call and the next. Mono output reports the stereo peak, which bounds it.
    public func takePeak() -> Float {
        chain.takePeak(keepingLastBlock: blockPosition < Self.controlBlockFrames)
    }

    // MARK: Fading out

    /// Fades the output to silence over `seconds` from `frame` (counted as `framesRendered`
    /// counts), and keeps it silent: the sleep timer. Call it from the thread that renders.
    public func fadeOut(startingAtFrame frame: Int64, seconds: Double) {
        chain.fade.start(atFrame: frame, seconds: seconds)
    }

    /// Stops a fade; a partly faded output comes back up over a second.
    public func cancelFadeOut() { chain.fade.cancel() }

    public var isFadingOut: Bool { chain.fade.isActive }

    // MARK: Copying out

    /// Zips `left` and `right` into interleaved stereo, four frames per step: each half of a
    /// pair of vectors becomes one output vector (an unpack-low and -high on SSE).
    @inline(__always)
    private static func interleave(_ left: UnsafePointer<Float>, _ right: UnsafePointer<Float>,
                                   into out: UnsafeMutablePointer<Float>, frames: Int) {
        @inline(__always) func zip(_ i: Int) {
            let l = UnsafeRawPointer(left + i).loadUnaligned(as: SIMD4<Float>.self)
            let r = UnsafeRawPointer(right + i).loadUnaligned(as: SIMD4<Float>.self)
            let destination = UnsafeMutableRawPointer(out + 2 * i)
            destination.storeBytes(of: SIMD4(l[0], r[0], l[1], r[1]), as: SIMD4<Float>.self)
            destination.storeBytes(of: SIMD4(l[2], r[2], l[3], r[3]), toByteOffset: 16, as: SIMD4<Float>.self)
        }
        // A whole control block, the usual case, as straight-line code.
        if frames == ControlBlock.frames {
            for i in stride(from: 0, to: ControlBlock.frames, by: 4) { zip(i) }
            return
        }
        var i = 0
        while i + 4 <= frames {
            zip(i)
            i += 4
        }
        while i < frames {
            out[2 * i] = left[i]
            out[2 * i + 1] = right[i]
            i += 1
        }
    }

    @inline(__always)
    private static func downmix(_ left: UnsafePointer<Float>, _ right: UnsafePointer<Float>,
                                into out: UnsafeMutablePointer<Float>, frames: Int) {
        var i = 0
        while i + 4 <= frames {
            let l = UnsafeRawPointer(left + i).loadUnaligned(as: SIMD4<Float>.self)
            let r = UnsafeRawPointer(right + i).loadUnaligned(as: SIMD4<Float>.self)
            UnsafeMutableRawPointer(out + i).storeBytes(of: (l + r) * 0.5, as: SIMD4<Float>.self)
            i += 4
        }
        while i < frames {
            out[i] = (left[i] + right[i]) * 0.5
            i += 1
        }
    }

    // MARK: One control block

    private func renderControlBlock() {
        takeParameterChanges()
        if smoother.isHoldingForBar, chain.barStarts(withinFrames: Self.controlBlockFrames) { smoother.releaseHeld() }
        let moved = smoother.step()
        chain.render(ControlValues(values: smoother.current), start: ControlValues(values: smoother.previous),
                     cutoffOctaves: smoother.logValue(.cutoff), moved: moved)
    }

    /// Applies the newest complete batch of changes, if there is one.
    private func takeParameterChanges() {
        guard let sequence = parameters.publishedSequence(), sequence != appliedSequence else { return }
        if parameters.read(into: incoming, glides: incomingGlides, expected: sequence) {
            smoother.setTargets(incoming, glides: incomingGlides)
            appliedSequence = sequence
        }
    }
}
