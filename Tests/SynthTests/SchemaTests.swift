import API
import Testing
@testable import Synth

@Suite("Parameter schema")
struct SchemaTests {
    @Test("every parameter has one row, a unique key and a default inside its range")
    func catalogIsConsistent() {
        #expect(ParameterSchema.specs.count == ParameterID.count)
        #expect(Set(ParameterSchema.specs.map(\.key)).count == ParameterID.count)
        for (index, spec) in ParameterSchema.specs.enumerated() {
            #expect(spec.id.rawValue == index)
            #expect(spec.range.contains(spec.defaultValue), "\(spec.key)")
            #expect(!spec.label.isEmpty)
            if spec.curve == .exponential { #expect(spec.range.lowerBound > 0, "\(spec.key)") }
            if case .enumeration(let names) = spec.kind { #expect(spec.range == 0...Double(names.count - 1)) }
            let row = spec.row
            #expect(row.value(atPosition: row.position(of: row.defaultValue)) == row.defaultValue, "\(spec.key)")
        }
    }

    @Test("the issue's scales are all there")
    func scales() {
        let names = ParameterID.scale.spec.choices
        for scale in ["major", "minor", "dorian", "phrygian", "pentatonic-major", "pentatonic-minor", "whole-tone", "chromatic"] {
            #expect(names.contains(scale))
        }
    }

    @Test("bad values are refused with the key and what is allowed")
    func refusals() {
        var set = ParameterSet()
        func message(_ body: (inout ParameterSet) throws -> Void) -> String {
            do { try body(&set); return "accepted" } catch { return (error as? ParameterError)?.description ?? "\(error)" }
        }
        #expect(message { try $0.set("cutof", .number(100)) }.contains("unknown parameter 'cutof' (did you mean 'cutoff'?)"))
        #expect(message { try $0.set("cutoff", .number(.nan)) } == "'cutoff' must be a finite number in 20...20000 Hz")
        #expect(message { try $0.set("cutoff", .number(.infinity)) }.contains("finite"))
        #expect(message { try $0.set("cutoff", text: "inf") }.contains("finite"))
        #expect(message { try $0.set("cutoff", text: "NaN") }.contains("finite"))
        #expect(message { try $0.set("cutoff", .number(30000)) } == "'cutoff' = 30000 is out of range; allowed 20...20000 Hz")
        #expect(message { try $0.set("cutoff", .string("high")) }.contains("'cutoff' takes a number"))
        #expect(message { try $0.set("wave", .string("square")) } == "'wave' = \"square\" is not a choice; allowed: saw, pulse, triangle, sine")
        #expect(message { try $0.set("wave", .number(1)) }.contains("'wave' takes a string"))
        #expect(message { try $0.set("octave", .number(2.5)) } == "'octave' takes a whole number, got 2.5")
        #expect(message { try $0.set("tempo", text: "fast") }.contains("'tempo' takes a number"))
        #expect(set == ParameterSet(), "refused values leave the set untouched")
    }

    @Test("a batch with one bad value applies nothing")
    func batchesAreAtomic() {
        var set = ParameterSet()
        #expect(throws: ParameterError.self) {
            try set.apply([(key: "cutoff", value: .number(500)), (key: "resonance", value: .number(7))])
        }
        #expect(set[.cutoff] == ParameterID.cutoff.spec.defaultValue)
    }

    @Test("text input parses numbers, choices and bools")
    func textParsing() throws {
        var set = ParameterSet()
        try set.set("cutoff", text: " 880 ")
        try set.set("scale", text: "dorian")
        try set.set("delay_time", text: "1/4.")
        #expect(set[.cutoff] == 880)
        #expect(ParameterID.scale.spec.display(set[.scale]) == "dorian")
        #expect(ParameterID.delayTime.spec.display(set[.delayTime]) == "1/4.")
        #expect(ParameterID.cutoff.spec.display(880) == "880 Hz")
    }
}
