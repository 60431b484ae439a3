import RealModule

/// A reference sine for checking a playback chain: a steady tone at an exact frequency and
/// level, or a logarithmic sweep from 20 Hz to 20 kHz that repeats. The phase runs in
/// Double, so the frequency stays exact over hours; within eight frames it is carried in
/// Float lanes, which is exact to far below the 16-bit output.
struct TestSignal {
    typealias Chunk = SIMD8<Float>
    private let sampleRate: Double
    private var phase: Double = 0
    private var sweepTime: Double = 0

    init(sampleRate: Double) { self.sampleRate = sampleRate }

    /// Adds the signal to `left` and `right`; `frames` is a multiple of 8.
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
        let chunkIncrement = 8 * increment
        let steps = Chunk(0, 1, 2, 3, 4, 5, 6, 7) * Float(increment)
        let gainStep = (amplitude - startAmplitude) / Float(frames)
        var gain = startAmplitude + (Chunk(0, 1, 2, 3, 4, 5, 6, 7) + 1) * gainStep
        var phase = phase
        for chunk in stride(from: 0, to: frames, by: 8) {
            let sample = sine2Pi(Float(phase) + steps) * gain
            phase += chunkIncrement
            while phase >= 1 { phase -= 1 }
            gain += 8 * gainStep
            let l = UnsafeMutableRawPointer(left + chunk), r = UnsafeMutableRawPointer(right + chunk)
            l.storeBytes(of: l.loadUnaligned(as: Chunk.self) + sample, as: Chunk.self)
            r.storeBytes(of: r.loadUnaligned(as: Chunk.self) + sample, as: Chunk.self)
        }
        self.phase = phase
    }
}
