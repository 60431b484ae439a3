@testable import TUI

/// A few knobs shaped like the server's schema: one of each kind and curve.
enum Fixtures {
    static let style = Knob(key: "style", label: "Style", group: "Sequencer", kind: .choice(["melody", "arpeggio", "chords", "drone", "off"]),
                            range: 0...4, defaultValue: .choice("melody"))
    static let tempo = Knob(key: "tempo", label: "Tempo", group: "Sequencer", unit: "BPM", range: 40...240, defaultValue: .number(92))
    static let octave = Knob(key: "octave", label: "Octave", group: "Sequencer", kind: .int, range: 1...6, defaultValue: .number(3))
    static let steps = Knob(key: "pattern_length", label: "Pattern length", group: "Sequencer", unit: "steps", kind: .int,
                            range: 1...64, defaultValue: .number(16))
    static let cutoff = Knob(key: "cutoff", label: "Cutoff", group: "Filter", unit: "Hz", range: 20...20000, curve: .exponential,
                             defaultValue: .number(1400))
    static let resonance = Knob(key: "resonance", label: "Resonance", group: "Filter", defaultValue: .number(0.25))
    static let mute = Knob(key: "mute", label: "Mute", group: "Master", kind: .flag, defaultValue: .flag(false))
    static let gain = Knob(key: "gain", label: "Gain", group: "Master", unit: "dB", range: -24...12, defaultValue: .number(0))
    static let testLevel = Knob(key: "test_level", label: "Level", group: "Test signal", unit: "dBFS", range: -60...0,
                                defaultValue: .number(-12))

    static let knobs = [style, tempo, octave, steps, cutoff, resonance, testLevel, gain, mute]

    static func session(_ id: String, listeners: Int = 0) -> SessionSummary {
        var params: [String: KnobValue] = [:]
        for knob in knobs { params[knob.key] = knob.defaultValue }
        return SessionSummary(id: id, streamURL: "http://127.0.0.1:8000/stream?id=\(id)", preset: "default", seed: 7,
                              listeners: listeners, params: params)
    }

    /// A state as after start-up: schema known, one or more sessions fetched, knob `tempo` selected.
    static func state(sessions: [SessionSummary] = [session("session-one")], embedded: Bool = true) -> UIState {
        var state = UIState(serverURL: "http://127.0.0.1:8000", embedded: embedded, randomSeed: 42)
        _ = apply(.knobsLoaded(knobs), to: &state)
        _ = apply(.resize(rows: 40, columns: 120), to: &state)
        _ = apply(.sessionsLoaded(sessions, appliedThrough: 0), to: &state)
        state.selectedKnob = 1
        return state
    }
}
