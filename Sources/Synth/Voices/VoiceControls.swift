/// What the voice bank needs for one control block, already mapped to DSP units.
struct VoiceControls {
    var waveform: Waveform
    var pulseWidth: Float
    /// Frequency ratio between the two unison oscillators and the centre, 2^(cents/1200).
    var detuneRatio: Float
    /// 0...1: how much of the second unison oscillator is heard (fades unison in and out).
    var unisonMix: Float
    var subLevel: Float
    var noiseLevel: Float
    var level: Float
    var spread: Float
    var cutoffOctaves: Float  // log2 of the cutoff in Hz
    var resonance: Float
    var filterEnvOctaves: Float
    var keyTrack: Float
    var lfoCutoffOctaves: Float
    var lfoPitchSemitones: Float
    var lfoPan: Float
    var ampRates: Envelope.Rates
    var filterRates: Envelope.Rates
}
