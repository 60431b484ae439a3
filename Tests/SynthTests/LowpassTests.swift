import Foundation
import Testing
@testable import Synth

/// The voices' filter runs two samples per step (`LowpassLanes`); it must be the same filter
/// as Simper's trapezoidal SVF run one sample at a time, here in Double as the reference.
@Suite("Voice filter")
struct LowpassTests {
    /// Simper's SVF, textbook form: v1 = a1·ic1 + a2·(x - ic2), v2 = ic2 + g·v1.
    struct ReferenceFilter {
        let g: Double, k: Double
        var ic1 = 0.0, ic2 = 0.0

        mutating func process(_ x: Double) -> Double {
            let a1 = 1 / (1 + g * (g + k)), a2 = g * a1
            let v1 = a1 * ic1 + a2 * (x - ic2)
            let v2 = ic2 + g * v1
            ic1 = 2 * v1 - ic1
            ic2 = 2 * v2 - ic2
            return v2
        }
    }

    @Test("two samples per step match the one-sample SVF, from 20 Hz to 20 kHz, at every resonance",
          arguments: [(20.0, 0.0), (250.0, 0.5), (1100.0, 0.15), (5000.0, 0.9), (12000.0, 0.3), (20000.0, 0.98)])
    func matchesReference(cutoff: Double, resonance: Double) {
        let rate = 44100.0
        let g = tan(Double.pi * min(cutoff / rate, 0.45))
        let k = 2 - 1.96 * resonance
        var filter = LowpassLanes()
        let coefficients = LowpassLanes.Coefficients(g: .init(repeating: Float(g)), k: .init(repeating: Float(k)))
        var reference = ReferenceFilter(g: g, k: k)

        // A seeded mix of steps and noise, different in each lane only by scale.
        var random = SeededRandom(seed: 7, salt: 1)
        var largestError = 0.0, largestOutput = 0.0
        for step in 0..<4000 {
            let x0 = step % 500 < 250 ? 0.5 : -0.5 + 0.3 * Double(random.unit())
            let x1 = 0.4 * Double(random.unit()) - 0.2
            let (y0, y1) = filter.process(.init(repeating: Float(x0)), .init(repeating: Float(x1)), coefficients)
            for (y, x) in [(y0, x0), (y1, x1)] {
                let expected = reference.process(x)
                // The filter returns its output doubled.
                largestError = max(largestError, abs(Double(y[3]) / 2 - expected))
                largestOutput = max(largestOutput, abs(expected))
            }
        }
        #expect(largestOutput > 0.1)
        // Float against Double through thousands of steps of a resonant recursion.
        #expect(largestError < 2e-3 * max(1, largestOutput), "error \(largestError) against outputs up to \(largestOutput)")
    }
}
