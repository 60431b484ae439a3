import API
import Foundation
import Presets
import Testing
@testable import Synth

@Suite("Presets")
struct PresetTests {
    @Test("at least 10 presets ship, including the test signals")
    func shippedSet() {
        let names = TestPresets.shippedNames
        #expect(names.count >= 10)
        for required in ["test-tone", "test-sweep", "ambient-pad", "drone", "techno-pulse", "arpeggio", "bass-groove", "rain", "brown-noise-sleep", "lo-fi"] {
            #expect(names.contains(required), "missing \(required)")
        }
    }

    @Test("every shipped preset validates, is named after its file and renders sound", arguments: TestPresets.shippedNames)
    func shippedPresetRenders(name: String) throws {
        let preset = try PresetLibrary.load(file: TestPresets.library.file(named: name))
        #expect(preset.name == name)
        #expect(!preset.description.isEmpty)
        let samples = Render(parameters: preset.parameters, seed: preset.seed ?? 0).samples(seconds: 6)
        #expect(samples.allSatisfy { $0.isFinite && abs($0) <= MasterBus.ceiling })
        #expect(decibels(samples.rms) > -45, "\(name) is nearly silent")
    }

    @Test("missing keys take the schema defaults")
    func defaultsFill() throws {
        let preset = try Preset(json: Data(#"{"name": "tiny", "params": {"cutoff": 500}}"#.utf8), source: "tiny.json")
        #expect(preset.parameters[.cutoff] == 500)
        #expect(preset.parameters[.resonance] == ParameterID.resonance.spec.defaultValue)
        #expect(preset.seed == nil)
    }

    @Test("save and load give back the same preset")
    func roundTrip() throws {
        var parameters = ParameterSet()
        try parameters.set("wave", .string("pulse"))
        try parameters.set("cutoff", .number(1234.5678))
        try parameters.set("scale", .string("whole-tone"))
        let original = Preset(name: "round-trip", description: "with \"quotes\" and ünïcode", seed: 99, parameters: parameters)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = PresetLibrary(directory: TestPresets.directory, userDirectory: folder)
        let file = try library.save(original)
        #expect(file.deletingLastPathComponent().path == folder.path)
        #expect(try library.load("round-trip") == original)
        #expect(try library.names().contains("round-trip"))
        #expect(!library.isShipped("round-trip") && library.isShipped("drone"))
        #expect(throws: PresetError.self) { try library.save(original) }  // never overwrites silently
        try library.save(original, overwrite: true)
        // A shipped preset is never written over nor deleted, even when asked.
        #expect(throws: PresetError.self) { try library.save(Preset(name: "drone", description: ""), overwrite: true) }
        #expect(throws: PresetError.self) { try library.delete("drone") }
        try library.delete("round-trip")
        #expect(throws: PresetError.self) { try library.load("round-trip") }
    }

    struct Broken: CustomTestStringConvertible, Sendable {
        let json: String
        let key: String?
        let fragment: String
        let line: Int?
        var testDescription: String { fragment }
    }

    static let broken: [Broken] = [
        Broken(json: "{\n  \"name\": \"x\",\n  \"params\": {\"cutoff\": 100,, }\n}", key: nil, fragment: "invalid JSON", line: 3),
        Broken(json: #"{"name": "x", "params": {"cutof": 100}}"#, key: "cutof", fragment: "did you mean 'cutoff'", line: nil),
        Broken(json: #"{"name": "x", "params": {"cutoff": 5}}"#, key: "cutoff", fragment: "allowed 20...20000 Hz", line: nil),
        Broken(json: #"{"name": "x", "params": {"cutoff": "bright"}}"#, key: "cutoff", fragment: "takes a number", line: nil),
        Broken(json: #"{"name": "x", "params": {"wave": "square"}}"#, key: "wave", fragment: "allowed: saw, pulse, triangle, sine", line: nil),
        Broken(json: #"{"name": "x", "params": {"octave": 2.5}}"#, key: "octave", fragment: "whole number", line: nil),
        Broken(json: #"{"name": "x", "params": {"reverb_mix": null}}"#, key: "reverb_mix", fragment: "got null", line: nil),
        Broken(json: #"{"name": "x", "params": {"gain": 1e999}}"#, key: nil, fragment: "not representable", line: nil),
        Broken(json: #"{"params": {}}"#, key: "name", fragment: "'name' must be", line: nil),
        Broken(json: #"{"name": "x", "params": [1, 2]}"#, key: "params", fragment: "must be an object", line: nil),
        Broken(json: #"{"name": "x", "sed": 4}"#, key: "sed", fragment: "unknown field", line: nil),
        Broken(json: #"{"name": "x", "seed": -1}"#, key: "seed", fragment: "whole number", line: nil),
        Broken(json: "[1, 2, 3]", key: nil, fragment: "a preset is a JSON object", line: nil),
        Broken(json: "", key: nil, fragment: "invalid JSON", line: nil),
    ]

    @Test("broken preset files give errors naming the file, the key and the line", arguments: broken)
    func brokenPreset(_ case: Broken) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("broken.json")
        try Data(`case`.json.utf8).write(to: file)
        do {
            _ = try PresetLibrary.load(file: file)
            Issue.record("loaded a broken preset: \(`case`.json)")
        } catch {
            #expect(error.source == file.path)
            #expect(error.key == `case`.key)
            #expect(error.description.contains(`case`.fragment), "\(error.description)")
            #expect(error.description.hasPrefix(file.path))
            if let line = `case`.line { #expect(error.line == line, "\(error.description)") }
        }
    }

    @Test("an unknown preset name lists the available ones")
    func unknownName() {
        #expect {
            try TestPresets.library.load("no-such-preset")
        } throws: { error in
            (error as? PresetError)?.description.contains("test-tone") == true
        }
    }
}
