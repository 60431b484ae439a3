import RealModule

/// Keeps the true peak, the waveform between samples as a decoder reconstructs it, under a
/// ceiling. Detection oversamples four times (BS.1770's method): three interpolated points
/// between each pair of samples, from a 24-tap Hann-windowed sinc per phase (12 taps, the standard's
/// length, miss up to 0.5 dB on bright material). The output runs one control block late
/// (2.9 ms at 44.1 kHz), so the gain is already down when a peak comes out: each block's gain
/// ramps linearly to the smallest of what this block, the next one and the release allow, and
/// a linear ramp between two allowed gains stays allowed. The interpolated points a block's
/// detection covers trail its samples by half the taps, so the ramp ends that much early and
/// holds: the block's last samples are judged with the next block's. The release recovers
/// with an 80 ms time constant.
///
/// Blocks whose samples stay 6 dB under the ceiling skip the interpolation: a band-limited
/// waveform does not overshoot its samples by that much.
struct TruePeakLimiter {
    typealias Chunk = SIMD8<Float>
    static let taps = 24
    /// Samples of history the interpolation reads before a block.
    private static let history = taps - 1
    /// How far the interpolated positions trail the block's newest sample.
    private static let trailing = taps / 2

    let ceiling: Float
    private let frames: Int
    private let releaseFactor: Float
    /// The three phases' taps (1/4, 2/4, 3/4 of the way between samples), `taps` each.
    private let coefficients: SampleBuffer
    /// Per channel: `history` samples of the last block, then this block's.
    private let windowLeft: SampleBuffer
    private let windowRight: SampleBuffer
    /// The block that comes out next, per channel.
    private let delayedLeft: SampleBuffer
    private let delayedRight: SampleBuffer
    private var lastSamplePeak: Float = 0
    private var delayedEnergy: Float = 0
    /// The gain the newest block needs, and the gain the last output block ended on.
    private var pendingGain: Float = 1
    private var gain: Float = 1

    init(sampleRate: Double, frames: Int, ceiling: Float) {
        self.ceiling = ceiling
        self.frames = frames
        releaseFactor = Float(Double.exp(-Double(frames) / sampleRate / 0.08))
        coefficients = SampleBuffer(count: 3 * Self.taps)
        for phase in 1...3 {
            let fraction = Double(phase) / 4
            var row = (0..<Self.taps).map { tap -> Double in
                // Distance from the interpolated point to the tap's sample.
                let x = Double(tap - (Self.trailing - 1)) - fraction
                let window = 0.5 * (1 + Double.cos(.pi * x / Double(Self.trailing)))
                return window * Double.sin(.pi * x) / (.pi * x)
            }
            let sum = row.reduce(0, +)
            row = row.map { $0 / sum }
            for tap in 0..<Self.taps { coefficients.pointer[(phase - 1) * Self.taps + tap] = Float(row[tap]) }
        }
        windowLeft = SampleBuffer(count: Self.history + frames)
        windowRight = SampleBuffer(count: Self.history + frames)
        delayedLeft = SampleBuffer(count: frames)
        delayedRight = SampleBuffer(count: frames)
    }

    /// Takes a block in and puts out the one before it, limited. `samplePeak` is the largest
    /// |sample| of the block coming in, `inputEnergy` its sum of squares. Returns the largest
    /// |sample| put out, and the sums of squares of the block put out before and after limiting.
    mutating func process(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, samplePeak: Float,
                          inputEnergy: Float) -> (peak: Float, inputEnergy: Float, outputEnergy: Float) {
        let frames = self.frames, history = Self.history
        let windowLeft = windowLeft.pointer, windowRight = windowRight.pointer
        let delayedLeft = delayedLeft.pointer, delayedRight = delayedRight.pointer
        windowLeft.update(from: windowLeft + frames, count: history)
        windowRight.update(from: windowRight + frames, count: history)
        (windowLeft + history).update(from: left, count: frames)
        (windowRight + history).update(from: right, count: frames)

        // The gain the positions this block completes need; they reach back into the last block.
        let newGain: Float
        if max(samplePeak, lastSamplePeak) * 2 <= ceiling {
            newGain = 1
        } else {
            let peak = max(samplePeak, truePeak(windowLeft), truePeak(windowRight))
            newGain = peak > ceiling ? ceiling / peak : 1
        }
        let delayedPeak = lastSamplePeak
        lastSamplePeak = samplePeak

        let startGain = gain
        gain = min(1 - (1 - startGain) * releaseFactor, pendingGain, newGain)
        pendingGain = newGain
        defer { delayedEnergy = inputEnergy }
        // Nothing to limit, the usual case: the delay line is only copied through.
        if startGain == 1, gain == 1 {
            left.update(from: delayedLeft, count: frames)
            right.update(from: delayedRight, count: frames)
            delayedLeft.update(from: windowLeft + history, count: frames)
            delayedRight.update(from: windowRight + history, count: frames)
            return (delayedPeak, delayedEnergy, delayedEnergy)
        }
        let rampFrames = Float(frames - Self.trailing)
        let slope = (gain - startGain) / rampFrames
        var outPeak = Chunk.zero, outSquares = Chunk.zero
        for at in stride(from: 0, to: frames, by: 8) {
            let position = Chunk.oneThroughEight + Float(at)
            let ramp = startGain + slope * position.replacing(with: rampFrames, where: position .> rampFrames)
            let inLeft: Chunk = UnsafeRawPointer(left + at).loadUnaligned(as: Chunk.self)
            let inRight: Chunk = UnsafeRawPointer(right + at).loadUnaligned(as: Chunk.self)
            // A guard that only rounding can reach.
            let outLeft = clamped(UnsafeRawPointer(delayedLeft + at).loadUnaligned(as: Chunk.self) * ramp)
            let outRight = clamped(UnsafeRawPointer(delayedRight + at).loadUnaligned(as: Chunk.self) * ramp)
            UnsafeMutableRawPointer(delayedLeft + at).storeBytes(of: inLeft, as: Chunk.self)
            UnsafeMutableRawPointer(delayedRight + at).storeBytes(of: inRight, as: Chunk.self)
            UnsafeMutableRawPointer(left + at).storeBytes(of: outLeft, as: Chunk.self)
            UnsafeMutableRawPointer(right + at).storeBytes(of: outRight, as: Chunk.self)
            outPeak = pointwiseMaximum(outPeak, pointwiseMaximum(outLeft.magnitude, outRight.magnitude))
            outSquares = multiplyAdd(outLeft, outLeft, multiplyAdd(outRight, outRight, outSquares))
        }
        return (largest(outPeak), delayedEnergy, outSquares.sum())
    }

    /// The largest |value| of the interpolated points of one channel's window.
    private func truePeak(_ window: UnsafeMutablePointer<Float>) -> Float {
        var peak = Chunk.zero
        for phase in 0..<3 {
            let row = coefficients.pointer + phase * Self.taps
            for at in stride(from: 0, to: frames, by: 8) {
                var sum = Chunk.zero
                for tap in 0..<Self.taps {
                    sum = multiplyAdd(Chunk(repeating: row[tap]), UnsafeRawPointer(window + at + tap).loadUnaligned(as: Chunk.self), sum)
                }
                peak = pointwiseMaximum(peak, sum.magnitude)
            }
        }
        return largest(peak)
    }

    @inline(__always)
    private func clamped(_ x: Chunk) -> Chunk {
        let limit = Chunk(repeating: ceiling)
        return x.replacing(with: limit, where: x .> limit).replacing(with: -limit, where: x .< -limit)
    }

    @inline(__always)
    private func largest(_ x: Chunk) -> Float { pointwiseMaximum(x.lowHalf, x.highHalf).largestLane }
}
