import RealModule

/// A reference sine for checking a playback chain: a steady tone at an exact frequency and
/// level, or a logarithmic sweep from 20 Hz to 20 kHz that repeats. The phase runs in
/// Double, so the frequency stays exact over hours.
struct TestSignal {
    private let sampleRate: Double
    private var phase: Double = 0
    private var sweepTime: Double = 0

    init(sampleRate: Double) { self.sampleRate = sampleRate }

    mutating func render(kind: TestSignalKind, frequency: Double, sweepSeconds: Double, startAmplitude: Float, amplitude: Float,
                         left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) {
        guard kind != .off else { return }
        var hz = frequency
        if kind == .sweep {
            hz = 20 * Double.pow(1000, sweepTime / sweepSeconds)
            sweepTime += Double(frames) / sampleRate
            if sweepTime >= sweepSeconds { sweepTime -= sweepSeconds }
        }
        let increment = hz / sampleRate
        var gain = startAmplitude
        let gainStep = (amplitude - startAmplitude) / Float(frames)
        for i in 0..<frames {
            let sample = sine2Pi(Float(phase)) * gain
            phase += increment
            if phase >= 1 { phase -= 1 }
            gain += gainStep
            left[i] += sample
            right[i] += sample
        }
    }
}
