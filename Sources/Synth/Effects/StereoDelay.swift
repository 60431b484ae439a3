/// Tempo-synced ping-pong delay with feedback damping. The delay time glides when the tempo
/// or division changes (a tape-like pitch bend) instead of jumping, which would click.
/// Damping is a two-tap FIR on the echoes, y = e + b·(e[n-1] - e): each repeat loses more
/// highs, and unlike a one-pole low-pass it ties no sample to the previous one's result.
///
/// Every delay is longer than a control block, so nothing a block writes is read within the
/// same block, and the block runs with vectors along time. Once the glide has settled, the
/// delay is a constant number of frames: the fraction of every read is the same, reads are
/// runs of consecutive samples, and the echo, its damped copy and the feedback are fixed
/// blends of three neighbouring samples. While gliding, a per-sample loop follows the time.
struct StereoDelay {
    typealias Run = FrameRun  // the six taps and four streams fit the registers
    /// Longest delay kept, so memory stays small whatever the tempo.
    static let maximumSeconds = 1.5
    /// Closer than this to its target (in frames), the glide ends on the target.
    private static let settledFrames: Float = 0.001
    private static let frames = ControlBlock.frames
    /// Frames after the ring's end that repeat its start, so reads that run past the end
    /// stay one contiguous run.
    private static let mirrorFrames = 2 * frames
    /// Shortest delay: the vector path needs reads to stay behind the block being written.
    private static let shortestFrames = Float(frames + 2)

    private let left: SampleBuffer
    private let right: SampleBuffer
    /// Ring length in frames, a whole number of blocks, so a block's writes never wrap.
    private let capacity: Int
    private var writeIndex = 0
    private var delayFrames: Float
    private var previousEcho = SIMD2<Float>.zero
    private var idle = true

    init(sampleRate: Double) {
        // Room for the longest delay plus the block being written and the taps either side.
        let needed = Int(Self.maximumSeconds * sampleRate) + 2 * Self.frames + 4
        capacity = (needed + Self.frames - 1) / Self.frames * Self.frames
        left = SampleBuffer(count: capacity + Self.mirrorFrames)
        right = SampleBuffer(count: capacity + Self.mirrorFrames)
        delayFrames = Float(sampleRate / 4)
    }

    struct Controls {
        var delaySeconds: Double
        var feedback: Float
        var damping: Float
        var startMix: Float
        var mix: Float
        var sampleRate: Double
    }

    /// Feeds `inLeft/inRight` (the voices) in and adds the echoes to `outLeft/outRight`, one
    /// control block.
    mutating func process(_ c: Controls, inLeft: UnsafePointer<Float>, inRight: UnsafePointer<Float>,
                          outLeft: UnsafeMutablePointer<Float>, outRight: UnsafeMutablePointer<Float>) {
        // Switched off: skip the work, and forget old echoes so they don't return later.
        guard c.mix > 0 || c.startMix > 0 else {
            if !idle { left.clear(); right.clear(); idle = true }
            return
        }
        let target = max(Float(min(c.delaySeconds, Self.maximumSeconds) * c.sampleRate), Self.shortestFrames)
        // An empty line has nothing to bend: start at the target.
        if idle { delayFrames = target; idle = false }
        if delayFrames == target {
            processSettled(c, inLeft: inLeft, inRight: inRight, outLeft: outLeft, outRight: outRight)
        } else {
            // Glide a tenth of the way per block: smooth, and settled within ~0.1 s.
            var end = delayFrames + (target - delayFrames) * 0.1
            if abs(target - end) < Self.settledFrames { end = target }
            processGliding(c, to: end, inLeft: inLeft, inRight: inRight, outLeft: outLeft, outRight: outRight)
        }
        // The ring's first blocks are mirrored past its end.
        if writeIndex < Self.mirrorFrames {
            (left.pointer + capacity + writeIndex).update(from: left.pointer + writeIndex, count: Self.frames)
            (right.pointer + capacity + writeIndex).update(from: right.pointer + writeIndex, count: Self.frames)
        }
        writeIndex += Self.frames
        if writeIndex == capacity { writeIndex = 0 }
    }

    /// Constant delay: the read position is `delayFrames` behind the write, so frame i reads
    /// between ring samples `n = write + i - whole - 1` and `n + 1` at the same fraction.
    private mutating func processSettled(_ c: Controls, inLeft: UnsafePointer<Float>, inRight: UnsafePointer<Float>,
                                         outLeft: UnsafeMutablePointer<Float>, outRight: UnsafeMutablePointer<Float>) {
        let whole = Int(delayFrames)
        let fraction = Float(whole + 1) - delayFrames  // weight of sample n + 1, in (0, 1]
        // The echo blends n and n+1; the one before it, n-1 and n. The damped echo, times the
        // feedback, is then a blend of n-1, n and n+1.
        let absorb = 0.5 * c.damping
        let echoNow = 1 - fraction, echoNext = fraction
        let feedBefore = c.feedback * absorb * echoNow
        let feedNow = c.feedback * ((1 - absorb) * echoNow + absorb * echoNext)
        let feedNext = c.feedback * (1 - absorb) * echoNext

        var start = writeIndex &- whole &- 2  // sample n - 1 of the block's first frame
        if start < 0 { start &+= capacity }
        let readLeft = UnsafePointer(left.pointer + start), readRight = UnsafePointer(right.pointer + start)
        let writeLeft = left.pointer + writeIndex, writeRight = right.pointer + writeIndex
        let mixStep = (c.mix - c.startMix) / Float(Self.frames)
        var mix = c.startMix + Run.counting * mixStep
        let step = Run.scalarCount
        var echoLeft = Run.zero, echoRight = Run.zero
        for at in stride(from: 0, to: Self.frames, by: step) {
            let beforeLeft = load(readLeft + at, as: Run.self), nowLeft = load(readLeft + at + 1, as: Run.self), nextLeft = load(readLeft + at + 2, as: Run.self)
            let beforeRight = load(readRight + at, as: Run.self), nowRight = load(readRight + at + 1, as: Run.self), nextRight = load(readRight + at + 2, as: Run.self)
            echoLeft = multiplyAdd(nowLeft, Run(repeating: echoNow), nextLeft * echoNext)
            echoRight = multiplyAdd(nowRight, Run(repeating: echoNow), nextRight * echoNext)
            // Ping-pong: each side feeds the other.
            store(Self.feedback(load(inLeft + at), beforeRight, nowRight, nextRight, feedBefore, feedNow, feedNext), writeLeft + at)
            store(Self.feedback(load(inRight + at), beforeLeft, nowLeft, nextLeft, feedBefore, feedNow, feedNext), writeRight + at)
            store(multiplyAdd(echoLeft, mix, load(outLeft + at)), outLeft + at)
            store(multiplyAdd(echoRight, mix, load(outRight + at)), outRight + at)
            mix += Float(step) * mixStep
        }
        previousEcho = SIMD2(echoLeft[step - 1], echoRight[step - 1])
    }

    /// The input plus the fed-back blend of three neighbouring echo samples.
    @inline(__always)
    private static func feedback(_ input: Run, _ before: Run, _ now: Run, _ next: Run,
                                 _ weightBefore: Float, _ weightNow: Float, _ weightNext: Float) -> Run {
        multiplyAdd(next, Run(repeating: weightNext), multiplyAdd(now, Run(repeating: weightNow), multiplyAdd(before, Run(repeating: weightBefore), input)))
    }

    /// Gliding delay: a fractional read position per frame, moving linearly to `end`.
    private mutating func processGliding(_ c: Controls, to end: Float, inLeft: UnsafePointer<Float>, inRight: UnsafePointer<Float>,
                                         outLeft: UnsafeMutablePointer<Float>, outRight: UnsafeMutablePointer<Float>) {
        let frames = Self.frames
        let frameStep = (end - delayFrames) / Float(frames)
        let absorb = 0.5 * c.damping
        let bufferLeft = left.pointer, bufferRight = right.pointer
        var mix = c.startMix
        let mixStep = (c.mix - c.startMix) / Float(frames)
        var delay = delayFrames, before = previousEcho
        let write = writeIndex
        for i in 0..<frames {
            delay += frameStep
            var read = Float(write + i) - delay
            if read < 0 { read += Float(capacity) }
            // Sample `index + 1` may be the first of the mirror: no wrap needed.
            let index = Int(read)
            let fraction = read - Float(index)
            let echoLeft = bufferLeft[index] + (bufferLeft[index + 1] - bufferLeft[index]) * fraction
            let echoRight = bufferRight[index] + (bufferRight[index + 1] - bufferRight[index]) * fraction
            let echo = SIMD2(echoLeft, echoRight)
            let damped = echo + (before - echo) * absorb
            before = echo
            // Ping-pong: each side feeds the other.
            bufferLeft[write + i] = inLeft[i] + damped[1] * c.feedback
            bufferRight[write + i] = inRight[i] + damped[0] * c.feedback
            mix += mixStep
            outLeft[i] += echoLeft * mix
            outRight[i] += echoRight * mix
        }
        delayFrames = end
        previousEcho = before
    }
}
