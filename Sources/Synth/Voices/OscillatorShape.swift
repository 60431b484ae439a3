/// Static dispatch over waveforms: the voice loop is generic over its shape, so each
/// waveform gets its own specialised loops with no per-sample switch.
protocol OscillatorShape {
    typealias Oscillator = BandLimitedOscillator

    /// One sample of the naive waveform (and sub) into `x`; returns the lanes with a
    /// discontinuity to correct, a bit each.
    static func add(_ oscillator: inout Oscillator, _ pitch: Oscillator.Pitch, width: VoiceFixed,
                    gain: Float, sub: Float?, into x: inout VoiceLanes) -> Int32

    /// The corrections for such a sample, replayed from the phase before it.
    static func correct(_ oscillator: inout Oscillator, _ pitch: Oscillator.Pitch, width: VoiceFixed,
                        gain: Float, sub: Float?, into window: BLEPWindow)
}

enum SawShape: OscillatorShape {
    @inline(__always)
    static func add(_ oscillator: inout Oscillator, _ pitch: Oscillator.Pitch, width: VoiceFixed,
                    gain: Float, sub: Float?, into x: inout VoiceLanes) -> Int32 {
        oscillator.saw(pitch, gain: gain, sub: sub, into: &x)
    }

    @inline(__always)
    static func correct(_ oscillator: inout Oscillator, _ pitch: Oscillator.Pitch, width: VoiceFixed,
                        gain: Float, sub: Float?, into window: BLEPWindow) {
        oscillator.correctSaw(pitch, gain: gain, sub: sub, into: window)
    }
}

enum PulseShape: OscillatorShape {
    @inline(__always)
    static func add(_ oscillator: inout Oscillator, _ pitch: Oscillator.Pitch, width: VoiceFixed,
                    gain: Float, sub: Float?, into x: inout VoiceLanes) -> Int32 {
        oscillator.pulse(pitch, width: width, gain: gain, sub: sub, into: &x)
    }

    @inline(__always)
    static func correct(_ oscillator: inout Oscillator, _ pitch: Oscillator.Pitch, width: VoiceFixed,
                        gain: Float, sub: Float?, into window: BLEPWindow) {
        oscillator.correctPulse(pitch, width: width, gain: gain, sub: sub, into: window)
    }
}

enum TriangleShape: OscillatorShape {
    @inline(__always)
    static func add(_ oscillator: inout Oscillator, _ pitch: Oscillator.Pitch, width: VoiceFixed,
                    gain: Float, sub: Float?, into x: inout VoiceLanes) -> Int32 {
        oscillator.triangle(pitch, gain: gain, sub: sub, into: &x)
    }

    @inline(__always)
    static func correct(_ oscillator: inout Oscillator, _ pitch: Oscillator.Pitch, width: VoiceFixed,
                        gain: Float, sub: Float?, into window: BLEPWindow) {
        oscillator.correctTriangle(pitch, gain: gain, sub: sub, into: window)
    }
}

enum SineShape: OscillatorShape {
    @inline(__always)
    static func add(_ oscillator: inout Oscillator, _ pitch: Oscillator.Pitch, width: VoiceFixed,
                    gain: Float, sub: Float?, into x: inout VoiceLanes) -> Int32 {
        oscillator.sine(pitch, gain: gain, sub: sub, into: &x)
    }

    @inline(__always)
    static func correct(_ oscillator: inout Oscillator, _ pitch: Oscillator.Pitch, width: VoiceFixed,
                        gain: Float, sub: Float?, into window: BLEPWindow) {
        oscillator.correctSine(pitch, gain: gain, sub: sub, into: window)
    }
}
