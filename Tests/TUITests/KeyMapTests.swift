import Testing
@testable import TUI

@Suite struct KeyMapTests {
    @Test func browsingKeysNameCommands() {
        let expected: [(Key, Command)] = [
            (.up, .moveUp), (.down, .moveDown), (.tab, .switchPane), (.right, .turn(steps: 1, coarse: false)),
            (.left, .turn(steps: -1, coarse: false)), (.shiftRight, .turn(steps: 1, coarse: true)),
            (.character("<"), .turn(steps: -1, coarse: true)), (.enter, .beginTyping), (.character("n"), .newSession),
            (.character("p"), .choosePreset), (.character("s"), .savePreset), (.character("r"), .randomize),
            (.character("u"), .undo), (.character("x"), .endSession), (.character("z"), .setSleepTimer), (.character("?"), .toggleHelp), (.character("q"), .quit),
        ]
        for (key, command) in expected { #expect(KeyMap.command(for: key, in: .browsing) == command, "\(key)") }
        #expect(KeyMap.command(for: .character("w"), in: .browsing) == nil)
    }

    @Test func inAPromptLettersAreText() {
        let naming = Mode.namingPreset(text: "")
        #expect(KeyMap.command(for: .character("q"), in: naming) == .typeCharacter("q"))
        #expect(KeyMap.command(for: .enter, in: naming) == .submit)
        #expect(KeyMap.command(for: .escape, in: naming) == .cancel)
        #expect(KeyMap.command(for: .backspace, in: naming) == .deleteCharacter)
        #expect(KeyMap.command(for: .character("\u{7}"), in: naming) == nil)
        // The transition and sleep prompts too: q and z type themselves.
        let transition = Mode.typingTransition(preset: "rain", session: "a", text: "")
        #expect(KeyMap.command(for: .character("q"), in: transition) == .typeCharacter("q"))
        #expect(KeyMap.command(for: .character("z"), in: .typingSleepTimer(session: "a", text: "")) == .typeCharacter("z"))
        #expect(KeyMap.command(for: .escape, in: transition) == .cancel)
    }

    @Test func questionsTakeYesOrNo() {
        let question = Mode.confirming(.quit(listeners: 1))
        #expect(KeyMap.command(for: .character("y"), in: question) == .answer(true))
        #expect(KeyMap.command(for: .character("n"), in: question) == .answer(false))
        #expect(KeyMap.command(for: .escape, in: question) == .answer(false))
        #expect(KeyMap.command(for: .character("q"), in: question) == nil)
    }

    @Test func anyKeyClosesTheHelpAndResizeAlwaysCounts() {
        #expect(KeyMap.command(for: .character("q"), in: .help) == .toggleHelp)
        #expect(KeyMap.command(for: .resize(rows: 30, columns: 90), in: .namingPreset(text: "a")) == .resize(rows: 30, columns: 90))
    }
}
