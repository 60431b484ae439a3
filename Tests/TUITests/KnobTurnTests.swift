import API
import Foundation
import Testing
@testable import TUI

/// The knob maths the TUI turns knobs with (the schema row's, from `API`), and the TUI's own
/// reading of typed text.
@Suite struct KnobTurnTests {
    typealias F = Fixtures

    @Test func aFineStepIsAHundredthOfALinearRangeAndACoarseOneATenth() {
        #expect(F.tempo.turned(.number(92), by: 1, coarse: false) == .number(94))
        #expect(F.tempo.turned(.number(92), by: -1, coarse: true) == .number(72))
        #expect(F.resonance.turned(.number(0.25), by: 3, coarse: false) == .number(0.28))
    }

    @Test func exponentialKnobsStepByTheSameRatioUpAndDown() throws {
        let up = try #require(number(F.cutoff.turned(.number(1000), by: 1, coarse: false)))
        let down = try #require(number(F.cutoff.turned(.number(1000), by: -1, coarse: false)))
        // A hundredth of three decades: 10^(3/100) ≈ 1.0715 either way.
        #expect(abs(up / 1000 - pow(1000, 0.01)) < 0.002)
        #expect(abs(1000 / down - pow(1000, 0.01)) < 0.002)
        let coarse = try #require(number(F.cutoff.turned(.number(1000), by: 1, coarse: true)))
        #expect(abs(coarse / 1000 - pow(1000, 0.1)) < 0.01)
    }

    @Test func knobsStopAtTheEndsOfTheirRange() {
        #expect(F.tempo.turned(.number(239), by: 5, coarse: true) == .number(240))
        #expect(F.cutoff.turned(.number(21), by: -3, coarse: true) == .number(20))
        #expect(F.octave.turned(.number(1), by: -1, coarse: false) == .number(1))
        #expect(F.style.turned(.string("off"), by: 1, coarse: false) == .string("off"))
    }

    @Test func wholeNumbersMoveByOneOrATenthOfTheRange() {
        #expect(F.octave.turned(.number(3), by: 1, coarse: false) == .number(4))
        #expect(F.steps.turned(.number(16), by: 1, coarse: true) == .number(22))
        #expect(F.steps.turned(.number(16), by: -1, coarse: false) == .number(15))
    }

    @Test func choicesGoToTheNextNameAndSwitchesFlip() {
        #expect(F.style.turned(.string("melody"), by: 1, coarse: false) == .string("arpeggio"))
        #expect(F.style.turned(.string("chords"), by: -1, coarse: true) == .string("arpeggio"))
        #expect(F.mute.turned(.bool(false), by: 1, coarse: false) == .bool(true))
        #expect(F.mute.turned(.bool(true), by: -1, coarse: false) == .bool(false))
    }

    @Test func positionAndValueAgreeAcrossTheTravel() {
        for position in stride(from: 0.0, through: 1.0, by: 0.1) {
            for knob in [F.tempo, F.cutoff, F.resonance] {
                let value = knob.value(atPosition: position)
                #expect(abs(knob.position(of: value) - position) < 0.001, "\(knob.key) at \(position)")
            }
        }
        #expect(F.cutoff.position(of: .number(632.5)) > 0.49 && F.cutoff.position(of: .number(632.5)) < 0.51)
    }

    @Test func typedTextBecomesTheKnobsKindOfValue() {
        #expect(F.tempo.typedValue("120.5") == .number(120.5))
        #expect(F.style.typedValue("drone") == .string("drone"))
        #expect(F.mute.typedValue("on") == .bool(true))
        // Not a number (or not one JSON carries): sent as typed, for the server to refuse with its own message.
        #expect(F.tempo.typedValue("fast") == .string("fast"))
        #expect(F.tempo.typedValue("nan") == .string("nan"))
        #expect(F.tempo.typedValue("inf") == .string("inf"))
    }

    @Test func valuesShowWithTheirUnitAndRangesAsText() {
        #expect(F.cutoff.display(.number(1400)) == "1400 Hz")
        #expect(F.resonance.display(.number(0.25)) == "0.25")
        #expect(F.style.display(.string("drone")) == "drone")
        #expect(F.mute.display(.bool(true)) == "on")
        #expect(F.cutoff.rangeText == "20..20000 Hz")
        #expect(F.style.rangeText == "5 choices")
        #expect(F.mute.rangeText == "on/off")
        #expect(NumberText.format(0.0050) == "0.005")
        #expect(NumberText.format(12.25) == "12.25")
    }

    private func number(_ value: ParameterValue) -> Double? {
        if case .number(let number) = value { return number }
        return nil
    }
}
