import API
import Testing
@testable import TUI

@Suite struct RandomizerTests {
    /// What the schema row says counts, not the group's name: a Filter row marked not
    /// randomizable stays, a Master row marked randomizable moves.
    @Test func aRowTheSchemaKeepsNeverMoves() {
        let kept = ParameterRow(key: "drive", label: "Drive", group: "Filter", min: 0, max: 1, defaultValue: .number(0), randomizable: false)
        let moved = ParameterRow(key: "width", label: "Width", group: "Master", min: 0, max: 1, defaultValue: .number(1))
        let rows = Fixtures.knobs + [kept, moved]
        let randomizable = Set(rows.filter(\.randomizable).map(\.key))
        #expect(randomizable.contains("width") && !randomizable.contains("drive") && !randomizable.contains("gain"))
        var random = SeededGenerator(seed: 1)
        for _ in 0..<200 {
            let values = Randomizer.values(for: rows, using: &random)
            #expect(Set(values.keys) == randomizable)
            for row in rows {
                guard case .number(let number)? = values[row.key] else { continue }
                #expect(row.range.contains(number), "\(row.key) = \(number)")
            }
        }
    }

    @Test func theReducerSendsNothingForKeptRows() {
        var state = Fixtures.state()
        var random = SeededGenerator(seed: 9)
        for _ in 0..<50 {
            guard case .setParameters(let values, _, _)? = apply(.randomize, to: &state, random: &random).first else {
                Issue.record("no change sent"); return
            }
            #expect(values["gain"] == nil && values["test_level"] == nil && values["mute"] == nil)
        }
        #expect(state.selectedSession?.params["gain"] == .number(0))
    }
}
