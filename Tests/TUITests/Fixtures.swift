import API
@testable import TUI

/// A few schema rows shaped like the server's: one of each kind and curve, and the groups the
/// server marks not randomizable (Test signal, Master).
enum Fixtures {
    static let style = ParameterRow(key: "style", label: "Style", group: "Sequencer", kind: .choice,
                                    choices: ["melody", "arpeggio", "chords", "drone", "off"], defaultValue: .string("melody"))
    static let tempo = ParameterRow(key: "tempo", label: "Tempo", group: "Sequencer", unit: "BPM", min: 40, max: 240, defaultValue: .number(92))
    static let octave = ParameterRow(key: "octave", label: "Octave", group: "Sequencer", kind: .int, min: 1, max: 6, defaultValue: .number(3))
    static let steps = ParameterRow(key: "pattern_length", label: "Pattern length", group: "Sequencer", unit: "steps", kind: .int,
                                    min: 1, max: 64, defaultValue: .number(16))
    static let cutoff = ParameterRow(key: "cutoff", label: "Cutoff", group: "Filter", unit: "Hz", min: 20, max: 20000,
                                     defaultValue: .number(1400), curve: .exponential)
    static let resonance = ParameterRow(key: "resonance", label: "Resonance", group: "Filter", min: 0, max: 1, defaultValue: .number(0.25))
    static let mute = ParameterRow(key: "mute", label: "Mute", group: "Master", kind: .bool, min: 0, max: 1, defaultValue: .bool(false),
                                   randomizable: false)
    static let gain = ParameterRow(key: "gain", label: "Gain", group: "Master", unit: "dB", min: -24, max: 12, defaultValue: .number(0),
                                   randomizable: false)
    static let testLevel = ParameterRow(key: "test_level", label: "Level", group: "Test signal", unit: "dBFS", min: -60, max: 0,
                                       defaultValue: .number(-12), randomizable: false)

    static let knobs = [style, tempo, octave, steps, cutoff, resonance, testLevel, gain, mute]

    static func session(_ id: String, listeners: Int = 0) -> SessionInfo {
        var params: [String: ParameterValue] = [:]
        for knob in knobs { params[knob.key] = knob.defaultValue }
        return SessionInfo(id: id, listenID: "listen-\(id)", streamURL: "http://127.0.0.1:8000/stream?id=\(id)",
                           listenURL: "http://127.0.0.1:8000/stream?id=listen-\(id)",
                           hlsURL: "http://127.0.0.1:8000/hls/listen-\(id)/live.m3u8", preset: "default", seed: 7,
                           listeners: listeners, uptimeSeconds: 0, renderLoad: 0, level: 0, params: params)
    }

    static func preset(_ name: String, shipped: Bool = true) -> PresetSummary {
        PresetSummary(name: name, description: "", shipped: shipped)
    }

    /// A state as after start-up: schema known, one or more sessions fetched, knob `tempo` selected.
    static func state(sessions: [SessionInfo] = [session("session-one")], embedded: Bool = true) -> UIState {
        var state = UIState(serverURL: "http://127.0.0.1:8000", embedded: embedded)
        _ = apply(.knobsLoaded(knobs), to: &state)
        _ = apply(.resize(rows: 40, columns: 120), to: &state)
        _ = apply(.sessionsLoaded(sessions, appliedThrough: 0), to: &state)
        state.selectedKnob = 1
        return state
    }
}

/// SplitMix64: a small generator whose seed fixes every value, so `r` can be tested exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
