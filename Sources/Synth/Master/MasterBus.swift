import RealModule

/// The last stage: gain, stereo width, DC removal and a true-peak limiter whose output never
/// exceeds the ceiling (-2 dBTP: MP3 encoding adds up to about 1 dB between samples). Works a control
/// block at a time with vectors along time, since each part needs only block-rate state:
///
/// - DC removal subtracts a running estimate of the offset: a one-pole low-pass of the block
///   means at block rate (about 3 Hz), ramped across the block. It removes DC and sub-sonic
///   drift like the usual first-order high-pass without chaining every sample to the last.
///   The estimate takes in each block's mean after the block, so gain, width and DC removal
///   are one pass.
/// - The limiter (`TruePeakLimiter`) looks one block ahead and is the identity while the
///   true peak stays under the ceiling, so test tones keep their level.
///
/// The output's peak comes out for level meters.
struct MasterBus {
    typealias Chunk = SIMD8<Float>
    typealias Run = FrameRun  // the gain pass: its ramps, sums and peak fit the registers
    static let ceiling: Float = 0.794_328_2  // -2 dBTP

    private let dcCoefficient: Float
    /// The block length, kept as a value the optimizer cannot see through: with a constant
    /// trip count LLVM re-vectorizes the loop's running sums and peak across iterations into
    /// a tangle of shuffles (three times the instructions).
    private let frames = ControlBlock.frames
    private var offset = SIMD2<Float>.zero
    /// Mean of the last block after gain and width, not yet taken into `offset`.
    private var lastMean = SIMD2<Float>.zero
    private var limiter: TruePeakLimiter
    /// The largest |sample| of the blocks processed since the last `takePeak`, and of the last
    /// block alone.
    private var peakSinceTaken: Float = 0
    private var lastBlockPeak: Float = 0
    /// Sums of squares into and out of the limiter in the last block: what limiting costs
    /// in loudness, which the loudness stage makes up for.
    private(set) var limiterEnergy = (input: Float(0), output: Float(0))

    init(sampleRate: Double) {
        let blockRate = sampleRate / Double(ControlBlock.frames)
        dcCoefficient = Float(1 - Double.exp(-2 * Double.pi * 3 / blockRate))
        limiter = TruePeakLimiter(sampleRate: sampleRate, frames: ControlBlock.frames, ceiling: Self.ceiling)
    }

    struct Controls {
        var startGain: Float
        var gain: Float
        var startWidth: Float
        var width: Float
    }

    /// Processes one control block in place.
    mutating func process(_ c: Controls, left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>) {
        let frames = self.frames, step = 1 / Float(frames)
        let width = Run.scalarCount
        func ramp(_ start: Float, _ end: Float) -> (Run, Run) {
            let slope = (end - start) * step
            return (start + slope * Run.counting, Run(repeating: Float(width) * slope))
        }

        // Mid/side width and gain as two weights: out = direct·own side + cross·other side,
        // each ramped linearly across the block.
        var (direct, directStep) = ramp(0.5 * c.startGain * (1 + c.startWidth), 0.5 * c.gain * (1 + c.width))
        var (cross, crossStep) = ramp(0.5 * c.startGain * (1 - c.startWidth), 0.5 * c.gain * (1 - c.width))

        let startOffset = offset
        offset += (lastMean - offset) * dcCoefficient
        var (offsetLeft, offsetLeftStep) = ramp(startOffset.x, offset.x)
        var (offsetRight, offsetRightStep) = ramp(startOffset.y, offset.y)

        // Gain, width and DC removal in one pass; the block's sums and peak on the way.
        var sumLeft = Run.zero, sumRight = Run.zero, peak = Run.zero, squares = Run.zero
        for at in stride(from: 0, to: frames, by: width) {
            let l: Run = load(left + at), r: Run = load(right + at)
            let wideLeft = multiplyAdd(l, direct, r * cross), wideRight = multiplyAdd(r, direct, l * cross)
            sumLeft += wideLeft
            sumRight += wideRight
            let outLeft = wideLeft - offsetLeft, outRight = wideRight - offsetRight
            store(outLeft, left + at)
            store(outRight, right + at)
            peak = pointwiseMaximum(peak, pointwiseMaximum(outLeft.magnitude, outRight.magnitude))
            squares = multiplyAdd(outLeft, outLeft, multiplyAdd(outRight, outRight, squares))
            direct += directStep; cross += crossStep
            offsetLeft += offsetLeftStep; offsetRight += offsetRightStep
        }
        let sums = pointwiseSums(quarters(sumLeft), quarters(sumRight))
        lastMean = sums * step

        let limited = limiter.process(left: left, right: right, samplePeak: largest(peak), inputEnergy: squares.sum())
        limiterEnergy = (limited.inputEnergy, limited.outputEnergy)
        record(peak: limited.peak)
    }

    private mutating func record(peak: Float) {
        lastBlockPeak = peak
        peakSinceTaken = max(peakSinceTaken, peak)
    }

    /// The largest |sample| of the blocks processed since the last call, then starts again:
    /// from the last block's peak if `keepingLastBlock` (some of it is still to be handed out),
    /// else from 0.
    mutating func takePeak(keepingLastBlock: Bool) -> Float {
        let taken = peakSinceTaken
        peakSinceTaken = keepingLastBlock ? lastBlockPeak : 0
        return taken
    }
}

/// Four lanes summing to the same as `x`'s.
@inline(__always)
private func quarters(_ x: SIMD4<Float>) -> SIMD4<Float> { x }

@inline(__always)
private func quarters(_ x: SIMD8<Float>) -> SIMD4<Float> { x.lowHalf + x.highHalf }

@inline(__always)
private func largest(_ x: SIMD4<Float>) -> Float { x.largestLane }

@inline(__always)
private func largest(_ x: SIMD8<Float>) -> Float { pointwiseMaximum(x.lowHalf, x.highHalf).largestLane }

/// The lane sums of `a` and of `b`.
@inline(__always)
private func pointwiseSums(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD2<Float> {
    let halves = SIMD4(lowHalf: a.lowHalf + a.highHalf, highHalf: b.lowHalf + b.highHalf)
    return SIMD2(halves[0] + halves[1], halves[2] + halves[3])
}
