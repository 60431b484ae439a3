import API
import Foundation
import Testing

/// The wire format both ends rely on: how values, seeds and numbers read and write.
@Suite struct ContractCodingTests {
    private func decode<Value: Decodable>(_ type: Value.Type, _ json: String) throws -> Value {
        try APIJSON.decoder().decode(Value.self, from: Data(json.utf8))
    }

    private func encode(_ value: some Encodable) throws -> String {
        String(decoding: try APIJSON.encoder().encode(value), as: UTF8.self)
    }

    @Test func parameterValuesKeepBoolsNumbersAndNamesApart() throws {
        let values = try decode([String: ParameterValue].self, #"{"a": true, "b": 1, "c": 0.5, "d": "saw", "e": false}"#)
        #expect(values == ["a": .bool(true), "b": .number(1), "c": .number(0.5), "d": .string("saw"), "e": .bool(false)])
        #expect(throws: DecodingError.self) { try decode([String: ParameterValue].self, #"{"a": null}"#) }
        #expect(throws: DecodingError.self) { try decode([String: ParameterValue].self, #"{"a": [1]}"#) }
    }

    @Test func wholeNumbersGoOutAsIntegersAndTheRestExactly() throws {
        #expect(try encode([ParameterValue.number(800), .number(0.1), .bool(true), .string("x")]) == #"[800,0.1,true,"x"]"#)
        #expect(try decode(ParameterValue.self, try encode(ParameterValue.number(1234.5678))) == .number(1234.5678))
    }

    @Test func seedsAreWholeNumbersUpTo2To53Minus1() throws {
        #expect(try decode(CreateSessionRequest.self, #"{"seed": 9007199254740991}"#).seed == 9_007_199_254_740_991)
        #expect(try decode(CreateSessionRequest.self, #"{"seed": 0}"#).seed == 0)
        #expect(try decode(CreateSessionRequest.self, #"{}"#).seed == nil)
        for bad in ["-3", "1.5", "9007199254740992", "1e30", "\"7\""] {
            #expect(throws: DecodingError.self, "seed \(bad)") { try decode(CreateSessionRequest.self, #"{"seed": \#(bad)}"#) }
        }
        #expect(Seed.parse("9007199254740991") == 9_007_199_254_740_991)
        #expect(Seed.parse("9007199254740992") == nil && Seed.parse("-1") == nil && Seed.parse("x") == nil)
        #expect(try decode(PresetDocument.self, #"{"name": "n", "seed": 12}"#).seed == 12)
        #expect(throws: DecodingError.self) { try decode(PresetDocument.self, #"{"name": "n", "seed": -1}"#) }
    }

    @Test func numbersReadAsPeopleWriteThem() {
        let cases: [(Double, String)] = [(1400, "1400"), (0.45, "0.45"), (0.005, "0.005"), (1496.9873, "1496.99"),
                                         (-0.0, "0"), (12.5, "12.5"), (1e-7, "1e-07"), (.infinity, "inf"), (.nan, "NaN")]
        for (number, text) in cases { #expect(NumberText.format(number) == text, "\(number)") }
    }

    @Test func theSchemaRowWritesItsKeysAsTheServerSendsThem() throws {
        let row = ParameterRow(key: "wave", label: "Waveform", group: "Oscillator", kind: .choice, choices: ["saw", "sine"],
                               defaultValue: .string("saw"), randomizable: true)
        let object = try #require(try JSONSerialization.jsonObject(with: APIJSON.encoder().encode(row)) as? [String: Any])
        #expect(Set(object.keys) == ["key", "label", "group", "unit", "kind", "choices", "default", "curve", "smoothing_seconds", "randomizable"])
        #expect(object["kind"] as? String == "enum")
        #expect(try decode(ParameterRow.self, try encode(row)) == row)
    }
}
