/// Static dispatch over waveforms: the voice loop is generic over its shape, so each
/// waveform gets its own specialised loop with no per-sample switch.
protocol OscillatorShape {
    static func next(_ oscillator: inout BandLimitedOscillator, _ increment: SIMD8<Float>, width: SIMD8<Float>, sub: Float) -> SIMD8<Float>
}

enum SawShape: OscillatorShape {
    @inline(__always)
    static func next(_ oscillator: inout BandLimitedOscillator, _ increment: SIMD8<Float>, width: SIMD8<Float>, sub: Float) -> SIMD8<Float> {
        oscillator.saw(increment, sub: sub)
    }
}

enum PulseShape: OscillatorShape {
    @inline(__always)
    static func next(_ oscillator: inout BandLimitedOscillator, _ increment: SIMD8<Float>, width: SIMD8<Float>, sub: Float) -> SIMD8<Float> {
        oscillator.pulse(increment, width: width, sub: sub)
    }
}

enum TriangleShape: OscillatorShape {
    @inline(__always)
    static func next(_ oscillator: inout BandLimitedOscillator, _ increment: SIMD8<Float>, width: SIMD8<Float>, sub: Float) -> SIMD8<Float> {
        oscillator.triangle(increment, sub: sub)
    }
}

enum SineShape: OscillatorShape {
    @inline(__always)
    static func next(_ oscillator: inout BandLimitedOscillator, _ increment: SIMD8<Float>, width: SIMD8<Float>, sub: Float) -> SIMD8<Float> {
        oscillator.sine(increment, sub: sub)
    }
}
