/// Static dispatch over waveforms: the voice loop is generic over its shape, so each
/// waveform gets its own specialised loop with no per-sample switch.
protocol OscillatorShape {
    static func add(_ oscillator: inout BandLimitedOscillator, _ increment: SIMD8<Float>, width: SIMD8<Float>,
                    gain: Float, sub: Float, into out: inout BLEPAccumulator)
}

enum SawShape: OscillatorShape {
    @inline(__always)
    static func add(_ oscillator: inout BandLimitedOscillator, _ increment: SIMD8<Float>, width: SIMD8<Float>,
                    gain: Float, sub: Float, into out: inout BLEPAccumulator) {
        oscillator.saw(increment, gain: gain, sub: sub, into: &out)
    }
}

enum PulseShape: OscillatorShape {
    @inline(__always)
    static func add(_ oscillator: inout BandLimitedOscillator, _ increment: SIMD8<Float>, width: SIMD8<Float>,
                    gain: Float, sub: Float, into out: inout BLEPAccumulator) {
        oscillator.pulse(increment, width: width, gain: gain, sub: sub, into: &out)
    }
}

enum TriangleShape: OscillatorShape {
    @inline(__always)
    static func add(_ oscillator: inout BandLimitedOscillator, _ increment: SIMD8<Float>, width: SIMD8<Float>,
                    gain: Float, sub: Float, into out: inout BLEPAccumulator) {
        oscillator.triangle(increment, gain: gain, sub: sub, into: &out)
    }
}

enum SineShape: OscillatorShape {
    @inline(__always)
    static func add(_ oscillator: inout BandLimitedOscillator, _ increment: SIMD8<Float>, width: SIMD8<Float>,
                    gain: Float, sub: Float, into out: inout BLEPAccumulator) {
        oscillator.sine(increment, gain: gain, sub: sub, into: &out)
    }
}
