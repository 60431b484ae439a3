/// Static dispatch over waveforms: the voice loop is generic over its shape, so each
/// waveform gets its own specialised loop with no per-sample switch.
protocol OscillatorShape {
    static func next(_ oscillator: inout BandLimitedOscillator, _ increment: SIMD8<Float>, width: SIMD8<Float>) -> SIMD8<Float>
}

enum SawShape: OscillatorShape {
    @inline(__always)
    static func next(_ oscillator: inout BandLimitedOscillator, _ increment: SIMD8<Float>, width: SIMD8<Float>) -> SIMD8<Float> {
        oscillator.saw(increment)
    }
}

enum PulseShape: OscillatorShape {
    @inline(__always)
    static func next(_ oscillator: inout BandLimitedOscillator, _ increment: SIMD8<Float>, width: SIMD8<Float>) -> SIMD8<Float> {
        oscillator.pulse(increment, width: width)
    }
}

enum TriangleShape: OscillatorShape {
    @inline(__always)
    static func next(_ oscillator: inout BandLimitedOscillator, _ increment: SIMD8<Float>, width: SIMD8<Float>) -> SIMD8<Float> {
        oscillator.triangle(increment)
    }
}

enum SineShape: OscillatorShape {
    @inline(__always)
    static func next(_ oscillator: inout BandLimitedOscillator, _ increment: SIMD8<Float>, width: SIMD8<Float>) -> SIMD8<Float> {
        oscillator.sine(increment)
    }
}
