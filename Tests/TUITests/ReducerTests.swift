import API
import Testing
@testable import TUI

@Suite struct ReducerTests {
    typealias F = Fixtures

    @Test func turningAKnobShowsTheValueAtOnceAndSendsIt() {
        var state = F.state()
        let effects = apply(.turn(steps: 1, coarse: false), to: &state)
        #expect(effects == [.setParameters(["tempo": .number(94)], session: "session-one", ticket: 1)])
        #expect(state.selectedSession?.params["tempo"] == .number(94))
    }

    @Test func aKnobAtItsEndSendsNothing() {
        var state = F.state()
        state.sessions[0].params["tempo"] = .number(240)
        #expect(apply(.turn(steps: 1, coarse: true), to: &state).isEmpty)
        #expect(state.undoSteps.isEmpty)
    }

    @Test func knobsTurnOnlyWhenTheKnobPaneHasTheFocus() {
        var state = F.state()
        _ = apply(.switchPane, to: &state)
        #expect(apply(.turn(steps: 1, coarse: false), to: &state).isEmpty)
        #expect(state.selectedSession?.params["tempo"] == .number(92))
    }

    @Test func oneUndoTakesBackAWholeTurnOfOneKnob() {
        var state = F.state()
        for _ in 0..<5 { _ = apply(.turn(steps: 1, coarse: false), to: &state) }
        _ = apply(.moveDown, to: &state)
        _ = apply(.turn(steps: 1, coarse: false), to: &state)
        #expect(state.undoSteps.count == 2)

        #expect(apply(.undo, to: &state) == [.setParameters(["octave": .number(3)], session: "session-one", ticket: 7)])
        #expect(apply(.undo, to: &state) == [.setParameters(["tempo": .number(92)], session: "session-one", ticket: 8)])
        #expect(state.selectedSession?.params["tempo"] == .number(92))
        #expect(apply(.undo, to: &state).isEmpty)
        #expect(state.status?.text == "Nothing to undo")
    }

    @Test func turningTheSameKnobAgainAfterMovingAwayIsANewUndoStep() {
        var state = F.state()
        _ = apply(.turn(steps: 1, coarse: false), to: &state)
        _ = apply(.moveDown, to: &state)
        _ = apply(.moveUp, to: &state)
        _ = apply(.turn(steps: 1, coarse: false), to: &state)
        #expect(state.undoSteps.map(\.previous) == [["tempo": .number(92)], ["tempo": .number(94)]])
    }

    @Test func aListFetchedBeforeAChangeLandedDoesNotTurnTheKnobBack() {
        var state = F.state()
        _ = apply(.turn(steps: 1, coarse: false), to: &state)
        // Fetched before ticket 1 completed: still the old tempo.
        _ = apply(.sessionsLoaded([F.session("session-one")], appliedThrough: 0), to: &state)
        #expect(state.selectedSession?.params["tempo"] == .number(94))
        // Fetched after: the server's word, whatever it is (someone else may have turned it).
        var later = F.session("session-one")
        later.params["tempo"] = .number(150)
        _ = apply(.sessionsLoaded([later], appliedThrough: 1), to: &state)
        #expect(state.selectedSession?.params["tempo"] == .number(150))
        #expect(state.pending.isEmpty)
    }

    @Test func aRefusedChangeIsReportedAndLeavesNothingToUndo() {
        var state = F.state()
        _ = apply(.beginTyping, to: &state)
        for character in "999" { _ = apply(.typeCharacter(character), to: &state) }
        let effects = apply(.submit, to: &state)
        #expect(effects == [.setParameters(["tempo": .number(999)], session: "session-one", ticket: 1)])
        _ = apply(.failed("'tempo' = 999 is out of range; allowed 40...240 BPM", ticket: 1), to: &state)
        #expect(state.status == UIState.Status(text: "'tempo' = 999 is out of range; allowed 40...240 BPM", isError: true))
        #expect(state.undoSteps.isEmpty && state.pending.isEmpty)
        _ = apply(.sessionsLoaded([F.session("session-one")], appliedThrough: 1), to: &state)
        #expect(state.selectedSession?.params["tempo"] == .number(92))
    }

    @Test func typingCanBeErasedAndCancelled() {
        var state = F.state()
        _ = apply(.beginTyping, to: &state)
        _ = apply(.typeCharacter("7"), to: &state)
        _ = apply(.typeCharacter("x"), to: &state)
        _ = apply(.deleteCharacter, to: &state)
        #expect(state.mode == .typingValue(key: "tempo", text: "7"))
        #expect(apply(.cancel, to: &state).isEmpty)
        #expect(state.mode == .browsing)
    }

    @Test func randomizingStaysInRangeLeavesWhatTheSchemaKeepsAloneAndUndoesAsOne() throws {
        var state = F.state()
        var random = SeededGenerator(seed: 42)
        let effects = apply(.randomize, to: &state, random: &random)
        guard case .setParameters(let values, "session-one", _)? = effects.first else { Issue.record("no change sent"); return }
        #expect(values["gain"] == nil && values["test_level"] == nil && values["mute"] == nil)
        #expect(values.count == 6)
        for knob in F.knobs {
            guard let value = values[knob.key] else { continue }
            switch value {
            case .number(let number): #expect(knob.range.contains(number), "\(knob.key) = \(number)")
            case .string(let name): #expect(knob.kind == .choice && knob.choices?.contains(name) == true, "\(knob.key) = \(name)")
            case .bool: Issue.record("\(knob.key) is not randomizable")
            }
        }
        // The same generator state gives the same sound; the next press another.
        var twin = F.state()
        var twinRandom = SeededGenerator(seed: 42)
        #expect(apply(.randomize, to: &twin, random: &twinRandom) == effects)
        #expect(apply(.randomize, to: &twin, random: &twinRandom) != effects)
        _ = apply(.undo, to: &state)
        #expect(state.selectedSession?.params == F.session("session-one").params)
    }

    @Test func newSessionPicksAPresetThenSelectsTheSessionTheServerMade() {
        var state = F.state()
        #expect(apply(.newSession, to: &state) == [.refreshPresets])
        _ = apply(.presetsLoaded([F.preset("default"), F.preset("rain")]), to: &state)
        _ = apply(.moveDown, to: &state)
        _ = apply(.moveDown, to: &state)
        #expect(state.mode == .choosingPreset(.newSession, index: 1))
        #expect(apply(.submit, to: &state) == [.createSession(preset: "rain")])
        var created = F.session("session-two")
        created.preset = "rain"
        _ = apply(.sessionCreated(created), to: &state)
        #expect(state.selectedSessionID == "session-two")
        #expect(state.sessions.count == 2)
    }

    @Test func loadingAPresetCanBeUndone() {
        var state = F.state()
        _ = apply(.choosePreset, to: &state)
        _ = apply(.presetsLoaded([F.preset("drone")]), to: &state)
        #expect(apply(.submit, to: &state).isEmpty)
        // Enter alone at the transition prompt: at once, as before there was one.
        #expect(apply(.submit, to: &state) == [.loadPreset("drone", session: "session-one", transition: nil, ticket: 1)])
        #expect(state.status == UIState.Status(text: "Loading preset 'drone' (u undoes)", isError: false))
        var loaded = F.session("session-one")
        loaded.params["tempo"] = .number(60)
        _ = apply(.sessionsLoaded([loaded], appliedThrough: 1), to: &state)
        #expect(apply(.undo, to: &state) == [.setParameters(F.session("session-one").params, session: "session-one", ticket: 2)])
    }

    @Test func aPresetMorphsInOverTheSecondsTypedAndABadNumberKeepsThePrompt() {
        var state = F.state()
        _ = apply(.choosePreset, to: &state)
        _ = apply(.presetsLoaded([F.preset("default"), F.preset("rain")]), to: &state)
        _ = apply(.moveDown, to: &state)
        #expect(apply(.submit, to: &state).isEmpty)
        #expect(state.mode == .typingTransition(preset: "rain", session: "session-one", text: ""))
        #expect(StatusLine.content(state).0 == "Into 'rain': transition in seconds (Enter: 0, at once): _")

        for character in "2x" { _ = apply(.typeCharacter(character), to: &state) }
        #expect(apply(.submit, to: &state).isEmpty)
        #expect(state.mode == .typingTransition(preset: "rain", session: "session-one", text: "2x"))
        #expect(state.status == UIState.Status(text: "'2x' is not a number of seconds, such as 20 or 2.5", isError: true))
        let (line, style) = StatusLine.content(state)
        #expect(line.hasPrefix("Into 'rain': transition in seconds (Enter: 0, at once): 2x_") && line.hasSuffix("such as 20 or 2.5"))
        #expect(style == .error)
        #expect(state.undoSteps.isEmpty)

        _ = apply(.deleteCharacter, to: &state)
        _ = apply(.typeCharacter("0"), to: &state)
        #expect(apply(.submit, to: &state) == [.loadPreset("rain", session: "session-one", transition: 20, ticket: 1)])
        #expect(state.mode == .browsing)
        #expect(state.status == UIState.Status(text: "Morphing into 'rain' over 20 s (u undoes)", isError: false))
        #expect(state.undoSteps.count == 1)

        // Esc at the prompt loads nothing; a negative time is refused like a word.
        _ = apply(.choosePreset, to: &state)
        _ = apply(.submit, to: &state)
        #expect(apply(.cancel, to: &state).isEmpty && state.mode == .browsing)
        _ = apply(.choosePreset, to: &state)
        _ = apply(.submit, to: &state)
        _ = apply(.typeCharacter("-"), to: &state)
        _ = apply(.typeCharacter("1"), to: &state)
        #expect(apply(.submit, to: &state).isEmpty && state.status?.isError == true)
        for character in "2.5" { _ = apply(.typeCharacter(character), to: &state) }
        _ = apply(.deleteCharacter, to: &state)
        // The picker opened at its top again.
        #expect(state.mode == .typingTransition(preset: "default", session: "session-one", text: "-12."))
    }

    @Test func aTransitionPromptForASessionThatEndedLoadsNothing() {
        var state = F.state(sessions: [F.session("a"), F.session("b")])
        _ = apply(.choosePreset, to: &state)
        _ = apply(.presetsLoaded([F.preset("rain")]), to: &state)
        _ = apply(.submit, to: &state)
        _ = apply(.typeCharacter("5"), to: &state)
        // Someone else ended it meanwhile: the selection moves on, the load must not follow it.
        _ = apply(.sessionsLoaded([F.session("b")], appliedThrough: 0), to: &state)
        #expect(apply(.submit, to: &state).isEmpty)
        #expect(state.status == UIState.Status(text: "That session has ended", isError: true))
    }

    @Test func zSetsASleepTimerInMinutesAndZeroCancelsIt() {
        var state = F.state()
        #expect(apply(.setSleepTimer, to: &state).isEmpty)
        #expect(state.mode == .typingSleepTimer(session: "session-one", text: ""))
        for character in "30" { _ = apply(.typeCharacter(character), to: &state) }
        #expect(apply(.submit, to: &state) == [.setSleepTimer(session: "session-one", after: 1800)])
        #expect(state.status == UIState.Status(text: "Session session- fades out in 30 min, then ends", isError: false))

        _ = apply(.setSleepTimer, to: &state)
        _ = apply(.typeCharacter("0"), to: &state)
        #expect(apply(.submit, to: &state) == [.cancelSleepTimer(session: "session-one")])

        _ = apply(.setSleepTimer, to: &state)
        for character in "soon" { _ = apply(.typeCharacter(character), to: &state) }
        #expect(apply(.submit, to: &state).isEmpty)
        #expect(state.mode == .typingSleepTimer(session: "session-one", text: "soon"))
        #expect(state.status == UIState.Status(text: "'soon' is not a number of minutes, such as 30 or 1.5", isError: true))
        #expect(apply(.cancel, to: &state).isEmpty && state.mode == .browsing)

        // Enter alone changes nothing.
        _ = apply(.setSleepTimer, to: &state)
        #expect(apply(.submit, to: &state).isEmpty && state.mode == .browsing)

        _ = apply(.sessionsLoaded([], appliedThrough: 0), to: &state)
        #expect(apply(.setSleepTimer, to: &state).isEmpty && state.mode == .browsing && state.status?.isError == true)
    }

    @Test func theSessionListCountsDownToTheSleepThenTheEnd() {
        var timed = F.session("timed")
        timed.timer = SleepTimerInfo(fadeOutIn: 1780.3, fadeSeconds: 30, endsIn: 1810.3)
        var fading = F.session("fading")
        fading.timer = SleepTimerInfo(fadeOutIn: 0, fadeSeconds: 30, endsIn: 11.2)
        let state = F.state(sessions: [timed, fading, F.session("untimed")])
        let lines = TextScreen.drawing(state).lines
        #expect(lines[1].contains("UPTIME   " + "SLEEP".fitted(SessionListPane.sleepWidth) + "ICECAST"), "\(lines[1])")
        #expect(lines[2].contains("timed") && lines[2].contains("0s       in 29:41     "), "\(lines[2])")
        #expect(lines[3].contains("fading 0:12"), "\(lines[3])")
        #expect(!lines[4].contains("in ") && !lines[4].contains("fading"), "\(lines[4])")
        // Without a timer anywhere there is no SLEEP column.
        #expect(!TextScreen.drawing(F.state()).lines[1].contains("SLEEP"))
        #expect(Format.clock(3723) == "1:02:03" && Format.clock(0.1) == "0:01" && Format.clock(59) == "0:59")
    }

    @Test func savingAsksANameAndAsksBeforeOverwriting() {
        var state = F.state()
        _ = apply(.savePreset, to: &state)
        for character in "night" { _ = apply(.typeCharacter(character), to: &state) }
        #expect(apply(.submit, to: &state) == [.savePreset(name: "night", session: "session-one", overwrite: false)])
        _ = apply(.presetExists(name: "night"), to: &state)
        #expect(state.mode == .confirming(.overwritePreset(name: "night", session: "session-one")))
        #expect(apply(.answer(false), to: &state).isEmpty)
        _ = apply(.presetExists(name: "night"), to: &state)
        #expect(apply(.answer(true), to: &state) == [.savePreset(name: "night", session: "session-one", overwrite: true)])
        // Saved: the message says where (the server), and the picker's list is fetched again.
        #expect(apply(.presetSaved(F.preset("night", shipped: false)), to: &state) == [.refreshPresets])
        #expect(state.status == UIState.Status(text: "Saved preset 'night' on the server", isError: false))
    }

    @Test func endingASessionAsksFirstThenSelectsANeighbour() {
        var state = F.state(sessions: [F.session("a"), F.session("b")])
        _ = apply(.nextSession, to: &state)
        #expect(apply(.endSession, to: &state).isEmpty)
        #expect(state.mode == .confirming(.endSession("b")))
        #expect(apply(.answer(true), to: &state) == [.endSession("b")])
        #expect(state.sessions.compactMap(\.id) == ["a"] && state.selectedSessionID == "a")
    }

    @Test func quittingAsksOnlyWhenItWouldCutListenersOff() {
        var quiet = F.state()
        #expect(apply(.quit, to: &quiet) == [.quit])

        var heard = F.state(sessions: [F.session("a", listeners: 2)])
        #expect(apply(.quit, to: &heard).isEmpty)
        #expect(heard.mode == .confirming(.quit(listeners: 2)))
        #expect(apply(.answer(false), to: &heard).isEmpty)
        _ = apply(.quit, to: &heard)
        #expect(apply(.answer(true), to: &heard) == [.quit])

        // A remote server keeps streaming after the TUI quits.
        var remote = F.state(sessions: [F.session("a", listeners: 2)], embedded: false)
        #expect(apply(.quit, to: &remote) == [.quit])
    }

    @Test func theSelectionFollowsTheServersList() {
        var state = F.state(sessions: [F.session("a"), F.session("b")])
        _ = apply(.nextSession, to: &state)
        _ = apply(.sessionsLoaded([F.session("a")], appliedThrough: 0), to: &state)
        #expect(state.selectedSessionID == "a")
        _ = apply(.sessionsLoaded([], appliedThrough: 0), to: &state)
        #expect(state.selectedSession == nil)
        #expect(apply(.turn(steps: 1, coarse: false), to: &state).isEmpty)
        #expect(apply(.savePreset, to: &state).isEmpty && state.status?.isError == true)
    }

    @Test func theWheelTurnsTheKnobUnderThePointer() throws {
        var state = F.state()
        let grid = KnobGrid(knobs: state.knobs, layout: Layout(state))
        let cutoff = try #require(grid.placements(page: 0).first { $0.line == .knob(4) })
        let effects = apply(.wheel(row: cutoff.row, column: cutoff.column + 3, up: true), to: &state)
        #expect(state.selectedKnob == 4)
        guard case .setParameters(let values, _, _)? = effects.first, case .number(let value)? = values["cutoff"] else {
            Issue.record("the wheel did not turn the cutoff"); return
        }
        #expect(value > 1400)
        #expect(apply(.wheel(row: 0, column: 3, up: true), to: &state).isEmpty)
    }

    @Test func connectionTroubleShowsUntilAFetchSucceeds() {
        var state = F.state()
        _ = apply(.connectionLost("cannot reach http://127.0.0.1:8000"), to: &state)
        #expect(StatusLine.content(state).0 == "cannot reach http://127.0.0.1:8000")
        _ = apply(.sessionsLoaded([F.session("session-one")], appliedThrough: 0), to: &state)
        #expect(state.connectionProblem == nil)
    }
}

extension ReducerTests {
    @Test func onATooSmallScreenOnlyQuittingWorks() {
        var state = Fixtures.state(sessions: [Fixtures.session("a", listeners: 1)])
        _ = apply(.resize(rows: 10, columns: 40), to: &state)
        #expect(apply(.turn(steps: 1, coarse: false), to: &state).isEmpty)
        #expect(apply(.newSession, to: &state).isEmpty && state.mode == .browsing)
        _ = apply(.quit, to: &state)
        #expect(TextScreen.drawing(state).text.contains("Quit? (y/n)"))
        #expect(apply(.answer(true), to: &state) == [.quit])
    }
}
