import Foundation
import Testing
@testable import Synth

/// The band-limited oscillator against a naive one at 1 kHz, 44.1 kHz: every harmonic above
/// Nyquist folds back between the harmonics, so the power off the harmonic bins is the aliasing.
@Suite("Band-limited oscillators")
struct AliasingTests {
    static let sampleRate = 44100.0
    static let frequency = 1000.0
    static let size = 1 << 16

    enum Shape: CaseIterable { case saw, pulse, triangle }

    /// The voice bank's oscillator stage, one voice at gain 1; the first blocks (and the
    /// two-sample correction delay) dropped.
    static func bandLimited(_ shape: Shape) -> [Float] {
        let increment = Float(frequency / sampleRate)
        let blocks = (size + 2) / VoiceGroupRig.frames + 2
        let signal: [Float]
        switch shape {
        case .saw: signal = VoiceGroupRig.singleOscillator(SawShape.self, increment: increment, blocks: blocks)
        case .pulse: signal = VoiceGroupRig.singleOscillator(PulseShape.self, increment: increment, width: 0.3, blocks: blocks)
        case .triangle: signal = VoiceGroupRig.singleOscillator(TriangleShape.self, increment: increment, blocks: blocks)
        }
        return Array(signal.suffix(size))
    }

    static func naive(_ shape: Shape) -> [Float] {
        var phase = 0.0
        return (0..<size).map { _ in
            phase += frequency / sampleRate
            if phase >= 1 { phase -= 1 }
            switch shape {
            case .saw: return Float(2 * phase - 1)
            case .pulse: return phase < 0.3 ? 1 : -1
            case .triangle: return Float(1 - 4 * abs(phase - 0.5))
            }
        }
    }

    static func aliasToHarmonicDecibels(_ signal: [Float]) -> Double {
        let split = harmonicSplit(powerSpectrum(signal), fftSize: size, sampleRate: sampleRate, fundamental: frequency)
        return 10 * log10(split.alias / split.harmonic)
    }

    @Test("saw aliasing is at least 25 dB below a naive saw's")
    func sawAliasing() {
        let naive = Self.aliasToHarmonicDecibels(Self.naive(.saw))
        let limited = Self.aliasToHarmonicDecibels(Self.bandLimited(.saw))
        #expect(naive - limited >= 25, "naive \(naive) dB, band-limited \(limited) dB")
    }

    @Test("pulse and triangle alias less than their naive forms", arguments: [Shape.pulse, .triangle])
    func otherShapes(shape: Shape) {
        let naive = Self.aliasToHarmonicDecibels(Self.naive(shape))
        let limited = Self.aliasToHarmonicDecibels(Self.bandLimited(shape))
        #expect(naive - limited >= 15, "\(shape): naive \(naive) dB, band-limited \(limited) dB")
    }

    @Test("the sine oscillator is a pure sine: residual after the best-fitting sinusoid below -100 dB")
    func sineIsPure() {
        let pitch = BandLimitedOscillator.Pitch(increment: VoiceLanes(repeating: Float(Self.frequency / Self.sampleRate)))
        let blocks = (Self.size + 2) / VoiceGroupRig.frames + 1
        let signal = VoiceGroupRig.singleOscillator(SineShape.self, increment: pitch.increment[0], blocks: blocks)
            .suffix(Self.size).map(Double.init)
        // The phase steps in 2⁻³² cycles: fit at exactly that frequency.
        let cycles = Double(pitch.step[0]) / 4_294_967_296
        // Least squares for x ≈ a·sin + b·cos (the normal equations, solved directly).
        var ss = 0.0, cc = 0.0, sc = 0.0, xs = 0.0, xc = 0.0
        for (n, x) in signal.enumerated() {
            let s = sin(2 * .pi * cycles * Double(n)), c = cos(2 * .pi * cycles * Double(n))
            ss += s * s; cc += c * c; sc += s * c; xs += x * s; xc += x * c
        }
        let determinant = ss * cc - sc * sc
        let a = (xs * cc - xc * sc) / determinant, b = (xc * ss - xs * sc) / determinant
        var residual = 0.0
        for (n, x) in signal.enumerated() {
            let fit = a * sin(2 * .pi * cycles * Double(n)) + b * cos(2 * .pi * cycles * Double(n))
            residual += (x - fit) * (x - fit)
        }
        let residualDecibels = 10 * log10(residual / Double(signal.count) / 0.5)
        #expect(abs((a * a + b * b).squareRoot() - 1) < 1e-4, "amplitude \((a * a + b * b).squareRoot())")
        #expect(residualDecibels < -100, "residual \(residualDecibels) dB")
    }

    @Test("the band-limited saw keeps its level and pitch")
    func sawKeepsLevel() {
        let signal = Self.bandLimited(.saw)
        // A ±1 saw has RMS 1/√3; the smoothing may take only a fraction of a dB off the top.
        #expect(abs(decibels(signal.rms) - decibels(1 / 3.0.squareRoot())) < 0.5)
        #expect(abs(estimatedFrequency(Self.bandLimited(.triangle), sampleRate: Self.sampleRate) - 1000) < 0.5)
    }
}
