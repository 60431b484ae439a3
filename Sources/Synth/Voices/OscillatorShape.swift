/// Static dispatch over waveforms: the voice loop is generic over its shape, so each
/// waveform gets its own specialised loop with no per-sample switch.
protocol OscillatorShape {
    static func add(_ oscillator: inout BandLimitedOscillator, _ pitch: BandLimitedOscillator.Pitch, width: VoiceFixed,
                    gain: Float, sub: Float?, into out: inout BLEPAccumulator)
}

enum SawShape: OscillatorShape {
    @inline(__always)
    static func add(_ oscillator: inout BandLimitedOscillator, _ pitch: BandLimitedOscillator.Pitch, width: VoiceFixed,
                    gain: Float, sub: Float?, into out: inout BLEPAccumulator) {
        oscillator.saw(pitch, gain: gain, sub: sub, into: &out)
    }
}

enum PulseShape: OscillatorShape {
    @inline(__always)
    static func add(_ oscillator: inout BandLimitedOscillator, _ pitch: BandLimitedOscillator.Pitch, width: VoiceFixed,
                    gain: Float, sub: Float?, into out: inout BLEPAccumulator) {
        oscillator.pulse(pitch, width: width, gain: gain, sub: sub, into: &out)
    }
}

enum TriangleShape: OscillatorShape {
    @inline(__always)
    static func add(_ oscillator: inout BandLimitedOscillator, _ pitch: BandLimitedOscillator.Pitch, width: VoiceFixed,
                    gain: Float, sub: Float?, into out: inout BLEPAccumulator) {
        oscillator.triangle(pitch, gain: gain, sub: sub, into: &out)
    }
}

enum SineShape: OscillatorShape {
    @inline(__always)
    static func add(_ oscillator: inout BandLimitedOscillator, _ pitch: BandLimitedOscillator.Pitch, width: VoiceFixed,
                    gain: Float, sub: Float?, into out: inout BLEPAccumulator) {
        oscillator.sine(pitch, gain: gain, sub: sub, into: &out)
    }
}
