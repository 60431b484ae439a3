import RealModule

/// The generative instrument: a parameter set and a seed in, an endless stream of PCM out.
///
/// Audio is made in fixed control blocks of 32 frames; `render` serves any block size from
/// them, so the sound does not depend on how a caller slices its requests. Parameter changes
/// arrive through `parameters` from any thread and take effect at the next control block,
/// all of a batch at the same sample. After `init` the render path takes no locks and
/// allocates nothing.
public final class SynthEngine {
    public static let controlBlockFrames = 32
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
    private var appliedSequence: UInt64 = 0

    private var chain: SignalChain
    private var blockPosition = controlBlockFrames

    public init(format: AudioFormat = .standard, parameters initial: ParameterSet = ParameterSet(), seed: UInt64 = 0) {
        self.format = format
        self.seed = seed
        sampleRate = Double(format.sampleRate)
        parameters = ParameterMailbox(initial: initial)
        smoother = ParameterSmoother(initial: initial, blockSeconds: Double(Self.controlBlockFrames) / sampleRate)
        incoming = .allocate(capacity: ParameterID.count)
        incoming.initialize(repeating: 0, count: ParameterID.count)
        chain = SignalChain(sampleRate: sampleRate, blockFrames: Self.controlBlockFrames, seed: seed)
    }

    deinit { incoming.deallocate() }

    /// Fills `frames` interleaved frames (`format.channels` samples each) at `output`.
    public func render(into output: UnsafeMutablePointer<Float>, frames: Int) {
        precondition(frames >= 0 && frames <= Self.maximumBlockFrames, "render at most \(Self.maximumBlockFrames) frames per call")
        let stereo = format.channels == 2
        var written = 0
        while written < frames {
            if blockPosition == Self.controlBlockFrames {
                renderControlBlock()
                blockPosition = 0
            }
            let count = min(frames - written, Self.controlBlockFrames - blockPosition)
            let left = chain.mixLeft.pointer + blockPosition, right = chain.mixRight.pointer + blockPosition
            if stereo {
                let out = output + 2 * written
                for i in 0..<count {
                    out[2 * i] = left[i]
                    out[2 * i + 1] = right[i]
                }
            } else {
                let out = output + written
                for i in 0..<count { out[i] = (left[i] + right[i]) * 0.5 }
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

    // MARK: One control block

    private func renderControlBlock() {
        takeParameterChanges()
        smoother.step()
        chain.render(ControlValues(values: smoother.current), start: ControlValues(values: smoother.previous),
                     cutoffOctaves: smoother.logValue(.cutoff), frames: Self.controlBlockFrames)
    }

    /// Applies the newest complete batch of changes, if there is one.
    private func takeParameterChanges() {
        guard let sequence = parameters.publishedSequence(), sequence != appliedSequence else { return }
        if parameters.read(into: incoming, expected: sequence) {
            smoother.setTargets(incoming)
            appliedSequence = sequence
        }
    }
}
