/// Tempo-synced ping-pong delay with feedback damping. The delay time glides when the tempo
/// or division changes (a tape-like pitch bend) instead of jumping, which would click.
/// Damping is a two-tap FIR on the echoes, y = e + b·(e[n-1] - e): each repeat loses more
/// highs, and unlike a one-pole low-pass it ties no sample to the previous one's result, so
/// the loop's iterations overlap in the CPU.
struct StereoDelay {
    /// Longest delay kept, so memory stays small whatever the tempo.
    static let maximumSeconds = 1.5

    private let left: SampleBuffer
    private let right: SampleBuffer
    private let capacity: Int
    private var writeIndex = 0
    private var delayFrames: Float
    private var previousEcho = SIMD2<Float>.zero
    private var idle = true

    init(sampleRate: Double) {
        capacity = Int(Self.maximumSeconds * sampleRate) + 4
        left = SampleBuffer(count: capacity)
        right = SampleBuffer(count: capacity)
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

    /// Feeds `inLeft/inRight` (the voices) in and adds the echoes to `outLeft/outRight`.
    mutating func process(_ c: Controls, inLeft: UnsafePointer<Float>, inRight: UnsafePointer<Float>,
                          outLeft: UnsafeMutablePointer<Float>, outRight: UnsafeMutablePointer<Float>, frames: Int) {
        // Switched off: skip the work, and forget old echoes so they don't return later.
        guard c.mix > 0 || c.startMix > 0 else {
            if !idle { left.clear(); right.clear(); idle = true }
            return
        }
        idle = false
        let target = Float(min(c.delaySeconds, Self.maximumSeconds) * c.sampleRate)
        // Glide a tenth of the way per block: smooth, and settled within ~0.1 s.
        let endFrames = delayFrames + (target - delayFrames) * 0.1
        let frameStep = (endFrames - delayFrames) / Float(frames)
        let absorb = 0.5 * c.damping
        let bufferLeft = left.pointer, bufferRight = right.pointer
        var mix = c.startMix
        let mixStep = (c.mix - c.startMix) / Float(frames)
        var delay = delayFrames, write = writeIndex, before = previousEcho
        for i in 0..<frames {
            delay += frameStep
            var read = Float(write) - delay
            if read < 0 { read += Float(capacity) }
            let index = Int(read)
            let fraction = read - Float(index)
            let next = index + 1 == capacity ? 0 : index + 1
            let echoLeft = bufferLeft[index] + (bufferLeft[next] - bufferLeft[index]) * fraction
            let echoRight = bufferRight[index] + (bufferRight[next] - bufferRight[index]) * fraction
            let echo = SIMD2(echoLeft, echoRight)
            let damped = echo + (before - echo) * absorb
            before = echo
            // Ping-pong: each side feeds the other.
            bufferLeft[write] = inLeft[i] + damped[1] * c.feedback
            bufferRight[write] = inRight[i] + damped[0] * c.feedback
            write += 1
            if write == capacity { write = 0 }
            mix += mixStep
            outLeft[i] += echoLeft * mix
            outRight[i] += echoRight * mix
        }
        delayFrames = delay
        writeIndex = write
        previousEcho = before
    }
}
