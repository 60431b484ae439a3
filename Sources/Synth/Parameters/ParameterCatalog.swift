/// The rows of the schema. Order must follow `ParameterID` (a test checks it).
let catalog: [ParameterSpec] = {
    var rows: [ParameterSpec] = []
    func add(
        _ id: ParameterID, _ key: String, _ label: String, _ group: ParameterGroup,
        unit: String = "", kind: ParameterKind = .float, range: ClosedRange<Double> = 0...1,
        default defaultValue: Double, curve: ParameterCurve = .linear, smoothing: Double = 0
    ) {
        precondition(rows.count == id.rawValue, "catalog order must follow ParameterID at \(key)")
        rows.append(ParameterSpec(
            id: id, key: key, label: label, group: group, unit: unit, kind: kind, range: range,
            defaultValue: defaultValue, curve: curve, smoothingSeconds: smoothing))
    }
    func choice<E: NamedChoice>(_ id: ParameterID, _ key: String, _ label: String, _ group: ParameterGroup, _ type: E.Type, default value: E) {
        add(id, key, label, group, kind: .enumeration(E.allCases.map(\.name)),
            range: 0...Double(E.allCases.count - 1), default: Double(value.rawValue))
    }
    func whole(_ id: ParameterID, _ key: String, _ label: String, _ group: ParameterGroup, unit: String = "", range: ClosedRange<Double>, default value: Double) {
        add(id, key, label, group, unit: unit, kind: .int, range: range, default: value)
    }
    let knob = 0.02, slow = 0.05

    // Sequencer: discrete, takes effect at the next step.
    choice(.style, "style", "Style", .sequencer, SequencerStyle.self, default: .melody)
    add(.tempo, "tempo", "Tempo", .sequencer, unit: "BPM", range: 40...240, default: 92)
    choice(.root, "root", "Root note", .sequencer, NoteName.self, default: .d)
    whole(.octave, "octave", "Octave", .sequencer, range: 1...6, default: 3)
    choice(.scale, "scale", "Scale", .sequencer, Scale.self, default: .pentatonicMinor)
    add(.density, "density", "Note density", .sequencer, default: 0.45)
    whole(.octaveRange, "octave_range", "Octave range", .sequencer, unit: "oct", range: 1...4, default: 2)
    whole(.patternLength, "pattern_length", "Pattern length", .sequencer, unit: "steps", range: 1...64, default: 16)
    add(.swing, "swing", "Swing", .sequencer, default: 0.15)
    add(.noteLength, "note_length", "Note length", .sequencer, unit: "steps", range: 0.1...32, default: 2, curve: .exponential)
    whole(.chordSize, "chord_size", "Notes per step", .sequencer, range: 1...4, default: 1)
    add(.evolve, "evolve", "Evolve", .sequencer, default: 0.25)

    // Oscillator
    choice(.wave, "wave", "Waveform", .oscillator, Waveform.self, default: .saw)
    add(.pulseWidth, "pulse_width", "Pulse width", .oscillator, range: 0.05...0.95, default: 0.5, smoothing: knob)
    add(.detune, "detune", "Unison detune", .oscillator, unit: "cents", range: 0...50, default: 7, smoothing: slow)
    add(.subLevel, "sub_level", "Sub oscillator", .oscillator, default: 0.25, smoothing: knob)
    add(.noiseLevel, "noise_level", "Noise", .oscillator, default: 0, smoothing: knob)
    add(.voiceLevel, "voice_level", "Voice level", .oscillator, default: 0.5, smoothing: knob)
    add(.spread, "spread", "Stereo spread", .oscillator, default: 0.5, smoothing: slow)

    // Filter
    add(.cutoff, "cutoff", "Cutoff", .filter, unit: "Hz", range: 20...20000, default: 1400, curve: .exponential, smoothing: knob)
    add(.resonance, "resonance", "Resonance", .filter, default: 0.25, smoothing: knob)
    add(.filterEnvAmount, "filter_env", "Envelope amount", .filter, unit: "oct", range: -6...6, default: 2, smoothing: knob)
    add(.keyTrack, "key_track", "Key tracking", .filter, default: 0.5, smoothing: knob)

    // Envelopes: times are read at each note, so no smoothing is needed.
    add(.ampAttack, "amp_attack", "Attack", .amplitudeEnvelope, unit: "s", range: 0.001...10, default: 0.01, curve: .exponential)
    add(.ampDecay, "amp_decay", "Decay", .amplitudeEnvelope, unit: "s", range: 0.005...10, default: 0.6, curve: .exponential)
    add(.ampSustain, "amp_sustain", "Sustain", .amplitudeEnvelope, default: 0.5, smoothing: knob)
    add(.ampRelease, "amp_release", "Release", .amplitudeEnvelope, unit: "s", range: 0.005...20, default: 0.9, curve: .exponential)
    add(.filterAttack, "filter_attack", "Attack", .filterEnvelope, unit: "s", range: 0.001...10, default: 0.005, curve: .exponential)
    add(.filterDecay, "filter_decay", "Decay", .filterEnvelope, unit: "s", range: 0.005...10, default: 0.4, curve: .exponential)
    add(.filterSustain, "filter_sustain", "Sustain", .filterEnvelope, default: 0.2, smoothing: knob)
    add(.filterRelease, "filter_release", "Release", .filterEnvelope, unit: "s", range: 0.005...20, default: 0.8, curve: .exponential)

    // LFO
    choice(.lfoShape, "lfo_shape", "Shape", .lfo, LFOShape.self, default: .sine)
    add(.lfoRate, "lfo_rate", "Rate", .lfo, unit: "Hz", range: 0.01...20, default: 0.2, curve: .exponential, smoothing: slow)
    add(.lfoToCutoff, "lfo_to_cutoff", "To cutoff", .lfo, unit: "oct", range: 0...4, default: 0.6, smoothing: knob)
    add(.lfoToPitch, "lfo_to_pitch", "To pitch", .lfo, unit: "st", range: 0...2, default: 0, smoothing: knob)
    add(.lfoToPan, "lfo_to_pan", "To pan", .lfo, default: 0.2, smoothing: knob)

    // Drums
    add(.drumLevel, "drum_level", "Drum level", .drums, default: 0, smoothing: knob)
    whole(.kickHits, "kick_hits", "Kick hits", .drums, unit: "/16", range: 0...16, default: 4)
    whole(.snareHits, "snare_hits", "Snare hits", .drums, unit: "/16", range: 0...16, default: 2)
    whole(.hatHits, "hat_hits", "Hat hits", .drums, unit: "/16", range: 0...16, default: 8)
    add(.drumChance, "drum_chance", "Hit chance", .drums, default: 1)
    add(.kickPitch, "kick_pitch", "Kick pitch", .drums, unit: "Hz", range: 30...120, default: 50, curve: .exponential)

    // Texture: a noise bed for rain, ocean and sleep sounds.
    add(.textureLevel, "texture_level", "Texture level", .texture, default: 0, smoothing: knob)
    choice(.textureColor, "texture_color", "Noise color", .texture, NoiseColor.self, default: .pink)
    add(.textureTone, "texture_tone", "Tone", .texture, unit: "Hz", range: 100...20000, default: 5000, curve: .exponential, smoothing: knob)
    add(.textureMotion, "texture_motion", "Wave motion", .texture, default: 0, smoothing: knob)
    add(.textureMotionRate, "texture_motion_rate", "Wave rate", .texture, unit: "Hz", range: 0.02...2, default: 0.1, curve: .exponential, smoothing: slow)
    add(.textureDrops, "texture_drops", "Drops", .texture, unit: "/s", range: 0...60, default: 0, smoothing: slow)

    // Delay
    choice(.delayTime, "delay_time", "Time", .delay, DelayDivision.self, default: .dottedEighth)
    add(.delayFeedback, "delay_feedback", "Feedback", .delay, range: 0...0.95, default: 0.35, smoothing: knob)
    add(.delayMix, "delay_mix", "Mix", .delay, default: 0.25, smoothing: knob)
    add(.delayDamping, "delay_damping", "Damping", .delay, default: 0.4, smoothing: knob)

    // Reverb
    add(.reverbSize, "reverb_size", "Size", .reverb, default: 0.6, smoothing: slow)
    add(.reverbDamping, "reverb_damping", "Damping", .reverb, default: 0.5, smoothing: knob)
    add(.reverbMix, "reverb_mix", "Mix", .reverb, default: 0.3, smoothing: knob)

    // Test signal: a sine that bypasses the instrument, for checking a playback chain.
    choice(.testSignal, "test_signal", "Signal", .testSignal, TestSignalKind.self, default: .off)
    add(.testFrequency, "test_frequency", "Frequency", .testSignal, unit: "Hz", range: 20...20000, default: 1000, curve: .exponential, smoothing: knob)
    add(.testLevel, "test_level", "Level", .testSignal, unit: "dBFS", range: -60...0, default: -12, smoothing: knob)
    add(.sweepSeconds, "sweep_seconds", "Sweep time", .testSignal, unit: "s", range: 1...120, default: 10, curve: .exponential)

    // Master
    add(.gain, "gain", "Gain", .master, unit: "dB", range: -24...12, default: 0, smoothing: knob)
    add(.width, "width", "Stereo width", .master, range: 0...2, default: 1, smoothing: slow)
    // Loudness normalization: a slow gain stage on the instrument (not the test signal).
    add(.normalize, "normalize", "Normalize loudness", .master, kind: .bool, range: 0...1, default: 1)
    add(.loudness, "loudness", "Loudness target", .master, unit: "LUFS", range: -30...(-10), default: -16)

    precondition(rows.count == ParameterID.allCases.count, "every ParameterID needs a catalog row")
    return rows
}()

/// An enumeration whose cases are a parameter's choices; `name` is what users type.
public protocol NamedChoice: CaseIterable, RawRepresentable where RawValue == Int, AllCases == [Self] {
    var name: String { get }
}
