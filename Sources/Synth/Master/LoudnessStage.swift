import RealModule

/// Brings the instrument to a loudness target (LUFS), slowly enough not to pump: it measures
/// the K-weighted loudness of 400 ms windows every 100 ms, as BS.1770 does, keeps BS.1770's
/// integrated loudness of the windows of the last minute or so and applies the gain that puts
/// it on the target.
///
/// - The windows go into a histogram of 0.25 LU bins (their energy and their count), so the
///   integrated loudness comes with the standard's gates: windows below -70 LUFS, then those
///   10 LU under the mean of the rest, do not count. A slow fade-in, a pause or a tail does
///   not pull the gain up.
/// - From a start it is the integrated loudness of every window so far; after a minute of
///   them the histogram forgets with a one-minute time constant. A slow swell of the music,
///   the ocean's waves, passes through: the loudness range stays.
/// - Five seconds of nothing but gated windows is a new, quieter sound (a preset change, a
///   knob turned far down): the histogram starts again.
/// - What the master's limiter takes off the loudness of peaky sounds (a resonant bass can
///   lose 1.5 LU) is measured as its energy out over energy in, over the same span, and made
///   up here, by at most 3 dB.
/// - The gain waits for 1 s of windows (a pad's slow attack would read as a quiet sound),
///   then follows in dB, rising and falling with a 1 s time constant, limited to
///   ±24 dB, and ramps across each control block.
///
/// Works on the instrument before the test signal is added, so test signals keep their levels.
struct LoudnessStage {
    static let maximumGainDecibels = 24.0
    static let maximumMakeUpDecibels = 3.0
    private static let windowSteps = 4
    private static let absoluteGate = -70.0
    private static let relativeGate = -10.0
    private static let binsPerLU = 4.0
    private static let bins = 360  // -70 ... +20 LUFS

    private var weighting: KWeighting
    private let blocksPerStep: Int
    private let fullAverageSteps: Double
    private let restartSteps: Int
    private let fallingCoefficient: Double
    private let risingCoefficient: Double
    private let settlingWindows = 10.0

    /// Squared samples of the current 100 ms step, and the last four steps' (one window).
    private var stepSum = 0.0
    private var stepFrames = 0
    private var blocksInStep = 0
    private var recentSteps = SIMD4<Double>.zero
    private var recentFrames = SIMD4<Double>.zero
    private var stepsSeen = 0
    /// Per 0.25 LU bin from -70 LUFS up: the windows' summed mean squares, and their count.
    private let histogram = Histogram(bins: bins)
    private var binEnergy: UnsafeMutablePointer<Double> { histogram.energy }
    private var binCount: UnsafeMutablePointer<Double> { histogram.count }
    private var windowsTaken = 0.0
    /// The gated integrated loudness of the histogram, in LUFS.
    private(set) var estimatedLoudness = -Double.infinity
    private var gatedInARow = 0
    /// The limiter's energy in and out, running means over the same span as the estimate.
    private var limiterInput = 0.0
    private var limiterOutput = 0.0
    private var limiterBlocks = 0.0
    private var gainDecibels = 0.0
    private var gain: Float = 1

    init(sampleRate: Double) {
        weighting = KWeighting(sampleRate: sampleRate)
        let blockSeconds = Double(ControlBlock.frames) / sampleRate
        blocksPerStep = max(1, Int((0.1 / blockSeconds).rounded()))
        let stepSeconds = Double(blocksPerStep) * blockSeconds
        fullAverageSteps = 60 / stepSeconds
        restartSteps = Int((5 / stepSeconds).rounded())
        fallingCoefficient = 1 - Double.exp(-blockSeconds / 1.0)
        risingCoefficient = 1 - Double.exp(-blockSeconds / 1.0)
    }

    /// Measures the block and applies the gain, ramped from the last block's. With `target`
    /// nil (normalization off) the gain glides back to 0 dB and the estimate starts afresh.
    /// `limiterEnergy` is the master limiter's energy in and out for the last block.
    mutating func process(target: Double?, limiterEnergy: (input: Float, output: Float),
                          left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) {
        var wantedDecibels = 0.0
        if let target {
            measure(left: left, right: right, frames: frames)
            noteLimiter(limiterEnergy)
            if windowsTaken >= settlingWindows {
                let makeUp = limiterOutput > 0 ? min(Self.maximumMakeUpDecibels, -10 * Double.log10(limiterOutput / limiterInput)) : 0
                wantedDecibels = min(Self.maximumGainDecibels, max(-Self.maximumGainDecibels, target - estimatedLoudness + max(0, makeUp)))
            } else {
                wantedDecibels = gainDecibels
            }
        } else {
            restart()
        }
        let startGain = gain
        gainDecibels += (wantedDecibels - gainDecibels) * (wantedDecibels > gainDecibels ? risingCoefficient : fallingCoefficient)
        if abs(gainDecibels - wantedDecibels) < 1e-4 { gainDecibels = wantedDecibels }
        gain = Float(Double.exp10(gainDecibels / 20))
        guard startGain != 1 || gain != 1 else { return }
        applyGainRamp(from: startGain, to: gain, left: left, right: right, frames: frames)
    }

    private mutating func measure(left: UnsafePointer<Float>, right: UnsafePointer<Float>, frames: Int) {
        stepSum += weighting.sumOfSquares(left: left, right: right, frames: frames)
        stepFrames += frames
        blocksInStep += 1
        guard blocksInStep == blocksPerStep else { return }
        recentSteps = SIMD4(recentSteps[1], recentSteps[2], recentSteps[3], stepSum)
        recentFrames = SIMD4(recentFrames[1], recentFrames[2], recentFrames[3], Double(stepFrames))
        stepSum = 0; stepFrames = 0; blocksInStep = 0
        stepsSeen += 1
        if stepsSeen >= Self.windowSteps { take(window: recentSteps.sum() / recentFrames.sum()) }
    }

    private mutating func noteLimiter(_ energy: (input: Float, output: Float)) {
        // Silence says nothing about limiting.
        guard energy.input > 1e-7 else { return }
        limiterBlocks += 1
        let weight = 1 / min(limiterBlocks, fullAverageSteps * Double(blocksPerStep))
        limiterInput += (Double(energy.input) - limiterInput) * weight
        limiterOutput += (Double(energy.output) - limiterOutput) * weight
    }

    /// Takes a 400 ms window's mean square into the histogram and integrates it again.
    private mutating func take(window meanSquare: Double) {
        let loudness = Self.loudness(ofMeanSquare: meanSquare)
        guard loudness > Self.absoluteGate else { return }
        if windowsTaken > 0, loudness < estimatedLoudness + Self.relativeGate {
            gatedInARow += 1
            if gatedInARow >= restartSteps { restartEstimate() }
        } else {
            gatedInARow = 0
        }
        windowsTaken += 1
        if windowsTaken > fullAverageSteps {
            let keep = 1 - 1 / fullAverageSteps
            for bin in 0..<Self.bins { binEnergy[bin] *= keep; binCount[bin] *= keep }
        }
        let bin = min(Self.bins - 1, Int((loudness - Self.absoluteGate) * Self.binsPerLU))
        binEnergy[bin] += meanSquare
        binCount[bin] += 1
        integrate()
    }

    /// BS.1770's integrated loudness of the histogram: the mean energy of the windows above
    /// the absolute gate, then of those above it less 10 LU.
    private mutating func integrate() {
        var energy = 0.0, count = 0.0
        for bin in 0..<Self.bins { energy += binEnergy[bin]; count += binCount[bin] }
        guard count > 0 else { return }
        let gate = Self.loudness(ofMeanSquare: energy / count) + Self.relativeGate
        let firstBin = max(0, Int(((gate - Self.absoluteGate) * Self.binsPerLU).rounded(.up)))
        energy = 0; count = 0
        for bin in firstBin..<Self.bins { energy += binEnergy[bin]; count += binCount[bin] }
        if count > 0 { estimatedLoudness = Self.loudness(ofMeanSquare: energy / count) }
    }

    private mutating func restartEstimate() {
        binEnergy.update(repeating: 0, count: Self.bins)
        binCount.update(repeating: 0, count: Self.bins)
        estimatedLoudness = -.infinity
        windowsTaken = 0
        gatedInARow = 0
        limiterInput = 0; limiterOutput = 0; limiterBlocks = 0
    }

    private mutating func restart() {
        restartEstimate()
        stepSum = 0; stepFrames = 0; blocksInStep = 0; stepsSeen = 0
        recentSteps = .zero; recentFrames = .zero
    }

    private static func loudness(ofMeanSquare meanSquare: Double) -> Double {
        -0.691 + 10 * Double.log10(meanSquare)
    }
}

/// Memory for the histogram, taken once and freed with the stage.
private final class Histogram {
    let energy: UnsafeMutablePointer<Double>
    let count: UnsafeMutablePointer<Double>

    init(bins: Int) {
        energy = .allocate(capacity: bins)
        energy.initialize(repeating: 0, count: bins)
        count = .allocate(capacity: bins)
        count.initialize(repeating: 0, count: bins)
    }

    deinit {
        energy.deallocate()
        count.deallocate()
    }
}
