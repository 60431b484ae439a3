import Foundation
import Testing
import TestSupport
@testable import TUI

/// The JSON API's shapes as `HTTPControl` reads them, and the command line around the UI.
@Suite struct HTTPControlTests {
    private func object(_ json: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    @Test func jsonValuesKeepTheirKinds() throws {
        let values = HTTPControl.values(try object(#"{"on": true, "off": false, "whole": 1, "half": 0.5, "wave": "saw"}"#))
        #expect(values == ["on": .flag(true), "off": .flag(false), "whole": .number(1), "half": .number(0.5), "wave": .choice("saw")])
    }

    @Test func schemaRowsBecomeKnobs() throws {
        let cutoff = try #require(HTTPControl.knob(try object(
            #"{"key": "cutoff", "label": "Cutoff", "group": "Filter", "unit": "Hz", "kind": "float", "min": 20, "max": 20000, "default": 1400, "curve": "exponential"}"#)))
        #expect(cutoff == Knob(key: "cutoff", label: "Cutoff", group: "Filter", unit: "Hz", range: 20...20000, curve: .exponential, defaultValue: .number(1400)))
        let wave = try #require(HTTPControl.knob(try object(
            #"{"key": "wave", "label": "Waveform", "group": "Oscillator", "unit": "", "kind": "enum", "choices": ["saw", "pulse"], "default": "saw", "curve": "linear"}"#)))
        #expect(wave.kind == .choice(["saw", "pulse"]) && wave.range == 0...1 && wave.defaultValue == .choice("saw"))
    }

    @Test func sessionRowsBecomeSummaries() throws {
        let session = try #require(HTTPControl.session(try object(
            #"{"id": "abc", "stream_url": "http://h/stream?id=abc", "preset": "rain", "seed": 9007199254740991, "listeners": 2, "uptime_seconds": 12.5, "render_load": 0.03, "level": 0.25, "params": {"cutoff": 800}}"#)))
        #expect(session == SessionSummary(id: "abc", streamURL: "http://h/stream?id=abc", preset: "rain", seed: 9_007_199_254_740_991,
                                          listeners: 2, uptimeSeconds: 12.5, renderLoad: 0.03, level: 0.25, params: ["cutoff": .number(800)]))
        // A listen-only view has no control token: not a session the UI can control.
        #expect(HTTPControl.session(try object(#"{"listen_id": "x"}"#)) == nil)
    }

    @Test func anUnreachableServerIsAnErrorThatSaysWhere() throws {
        let port = try OccupiedPort()
        let control = HTTPControl(baseURL: "http://127.0.0.1:\(port.port)/", timeout: 2)
        #expect(control.serverURL == "http://127.0.0.1:\(port.port)")
        #expect(throws: ControlError.self) { try control.knobs() }
    }

    @Test func withoutATerminalTheCommandSaysWhatToDoInstead() throws {
        let result = try runCommand(TmuxPane.binary.path, [])
        #expect(result.status != 0)
        #expect(result.error.contains("needs a terminal") && result.error.contains("synthcast serve"), "\(result.error)")
    }
}
