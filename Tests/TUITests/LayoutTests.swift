import API
import Testing
@testable import TUI

@Suite struct LayoutTests {
    typealias F = Fixtures

    /// Many knobs in many groups, like the real schema's 61.
    static let manyKnobs: [ParameterRow] = (0..<61).map { index in
        ParameterRow(key: "k\(index)", label: "Knob \(index)", group: "Group \(index / 5)", min: 0, max: 1, defaultValue: .number(0.5))
    }

    @Test func panesStackWithoutOverlapping() {
        for (rows, columns, sessions) in [(16, 60, 1), (24, 80, 3), (40, 120, 2), (60, 200, 20)] {
            let layout = Layout(rows: rows, columns: columns, sessionCount: sessions)
            #expect(layout.fits)
            #expect(layout.firstSessionRow + layout.sessionRowCount == layout.streamRow)
            #expect(layout.streamRow < layout.knobTop - 1)
            #expect(layout.knobTop + layout.knobRows < layout.statusRow)
            #expect(layout.helpRow == rows - 1)
            #expect(layout.knobColumns * (layout.knobColumnWidth + 1) <= columns)
        }
        #expect(!Layout(rows: 15, columns: 120, sessionCount: 1).fits)
        #expect(!Layout(rows: 40, columns: 59, sessionCount: 1).fits)
    }

    @Test func everyKnobIsOnExactlyOnePageAndNoHeadingEndsAColumn() {
        for (rows, columns) in [(16, 60), (24, 80), (40, 120), (30, 200)] {
            let grid = KnobGrid(knobs: Self.manyKnobs, layout: Layout(rows: rows, columns: columns, sessionCount: 1))
            var seen: [Int] = []
            for page in 0..<grid.pageCount {
                let placements = grid.placements(page: page)
                for placement in placements {
                    if case .knob(let index) = placement.line { seen.append(index) }
                    if case .group = placement.line {
                        #expect(placement.row != grid.layout.knobTop + grid.layout.knobRows - 1, "a heading ends a column at \(rows)x\(columns)")
                    }
                    #expect(placement.row >= grid.layout.knobTop && placement.row < grid.layout.knobTop + grid.layout.knobRows)
                    #expect(placement.column + placement.width <= columns)
                }
            }
            #expect(seen == Array(0..<61), "at \(rows)x\(columns)")
        }
    }

    @Test func theSelectedKnobsPageIsShown() {
        var state = F.state()
        state.knobs = Self.manyKnobs
        _ = apply(.resize(rows: 20, columns: 70), to: &state)
        state.selectedKnob = 60
        let grid = KnobGrid(knobs: state.knobs, layout: Layout(state))
        #expect(grid.pageCount > 1)
        let screen = TextScreen.drawing(state)
        #expect(screen.text.contains("▶ Knob 60"))
        #expect(!screen.text.contains("Knob 0 "))
        #expect(screen.text.contains("page \(grid.pageCount)/\(grid.pageCount)"))
    }

    @Test func theScreenShowsTheServerSessionsKnobsAndStreamURL() {
        var state = F.state(sessions: [F.session("abcdefghijkl", listeners: 3)])
        state.sessions[0].level = 0.5
        let screen = TextScreen.drawing(state)
        let lines = screen.lines
        #expect(lines[0].contains("http://127.0.0.1:8000") && lines[0].contains("listeners 3"))
        #expect(lines[2].contains("abcdefgh") && lines[2].contains("default") && lines[2].contains("-6 dB"))
        #expect(lines[3].contains("http://127.0.0.1:8000/stream?id=abcdefghijkl"))
        #expect(screen.text.contains("▶ Tempo") && screen.text.contains("92 BPM") && screen.text.contains("40..240 BPM"))
        #expect(screen.text.contains(" Filter"))
        #expect(lines[39].contains("q quit"))
    }

    @Test func theKeyHelpKeepsHelpAndQuitOnNarrowScreens() {
        for columns in [60, 80, 100, 120] {
            var state = F.state()
            _ = apply(.resize(rows: 24, columns: columns), to: &state)
            #expect(TextScreen.drawing(state).lines[23].contains("? help  q quit"), "at \(columns) columns")
        }
    }

    @Test func aTooSmallTerminalGetsAMessageAndNothingElse() {
        var state = F.state()
        _ = apply(.resize(rows: 10, columns: 40), to: &state)
        let screen = TextScreen.drawing(state)
        #expect(screen.lines[0].hasPrefix("Synthcast needs 60x16 or more;"))
        #expect(screen.lines[1].hasPrefix("this terminal is 40x10."))
        #expect(!screen.text.contains("Tempo"))
    }

    @Test func asciiGlyphsDrawTheSameScreenInPlainCharacters() {
        let screen = TextScreen.drawing(F.state(), glyphs: .ascii)
        let nonASCII = screen.text.unicodeScalars.filter { !$0.isASCII }
        #expect(nonASCII.isEmpty)
        #expect(screen.text.contains("> Tempo"))
        #expect(screen.text.contains("###"))
    }

    @Test func promptsTakeTheStatusLine() {
        var state = F.state()
        _ = apply(.beginTyping, to: &state)
        _ = apply(.typeCharacter("1"), to: &state)
        #expect(TextScreen.drawing(state).lines[38].contains("Tempo (now 92 BPM, 40..240 BPM) = 1_"))
        _ = apply(.cancel, to: &state)
        _ = apply(.endSession, to: &state)
        #expect(TextScreen.drawing(state).lines[38].contains("End session session-? Its listeners are cut off. (y/n)"))
    }
}
