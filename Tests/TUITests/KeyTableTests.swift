import API
import Testing
import TestSupport
@testable import TUI

/// The key table is the one list of keys: the key map, the help overlay, the key help line and
/// `synthcast tui --help` must all say what it says.
@Suite struct KeyTableTests {
    /// A mode that reads each context's keys.
    static func mode(_ context: KeyContext) -> Mode {
        switch context {
        case .browsing: .browsing
        case .typing: .namingPreset(text: "")
        case .choosingPreset: .choosingPreset(.newSession, index: 0)
        case .confirming: .confirming(.quit(listeners: 1))
        case .help: .help
        }
    }

    /// Spaces collapsed, so text wrapped or aligned differently still compares.
    static func words(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func everyBindingResolvesThroughTheKeyMapToItsCommand() {
        for binding in KeyTable.all {
            let mode = Self.mode(binding.context)
            #expect(mode.keyContext == binding.context)
            switch binding.trigger {
            case .keys(let actions):
                for action in actions {
                    for key in action.keys {
                        #expect(KeyMap.command(for: key, in: mode) == action.command, "\(key) in \(mode)")
                    }
                }
            case .anyKey(let command):
                for key in [Key.character("q"), .enter, .escape, .up, .character("?"), .wheel(row: 1, column: 1, up: true)] {
                    #expect(KeyMap.command(for: key, in: mode) == command, "\(key) in \(mode)")
                }
            case .text:
                for character: Character in ["a", "Z", "7", "-", "_", " ", "q", "é"] {
                    #expect(KeyMap.command(for: .character(character), in: mode) == .typeCharacter(character))
                }
            case .wheel:
                #expect(KeyMap.command(for: .wheel(row: 5, column: 9, up: false), in: mode) == .wheel(row: 5, column: 9, up: false))
            }
        }
    }

    /// A hint names a key the binding really has ("s save" is the `s` key's).
    @Test func aHintsKeyIsItsBindingsKey() {
        for binding in KeyTable.all {
            guard let hint = binding.hint, hint.key.count == 1, let character = hint.key.first,
                  case .keys(let actions) = binding.trigger else { continue }
            #expect(actions.contains { $0.keys.contains(.character(character)) }, "hint '\(hint.key)' of \(binding.keysText)")
        }
    }

    @Test func noKeyIsListedTwiceInOneMode() {
        for context in KeyContext.allCases {
            let keys = KeyTable.bindings(in: context).flatMap { binding -> [Key] in
                guard case .keys(let actions) = binding.trigger else { return [] }
                return actions.flatMap(\.keys)
            }
            for (index, key) in keys.enumerated() {
                #expect(!keys[(index + 1)...].contains(key), "\(key) twice in \(context)")
            }
            #expect(!KeyTable.bindings(in: context).isEmpty, "no keys in \(context)")
        }
    }

    @Test func theHelpOverlayListsEveryBindingAndTheNotes() {
        var state = Fixtures.state()
        _ = apply(.resize(rows: 60, columns: 160), to: &state)
        _ = apply(.toggleHelp, to: &state)
        let screen = TextScreen.drawing(state).text
        for binding in KeyTable.bindings(in: .browsing) {
            #expect(screen.contains(binding.keysText.fitted(KeyTable.keyColumnWidth) + binding.meaning), "\(binding.keysText)")
        }
        for binding in KeyTable.all where binding.context != .browsing {
            #expect(screen.contains("\(binding.keysText) \(binding.meaning)"), "\(binding.keysText) in \(binding.context)")
        }
        for note in KeyTable.notes { #expect(screen.contains(note)) }
    }

    @Test func theKeyHelpLineShowsEachModesHintsAndKeepsHelpAndQuit() {
        for context in KeyContext.allCases {
            let lines = KeyTable.shortHelp(for: context)
            #expect(lines == lines.sorted { $0.count > $1.count })
            for hint in KeyTable.bindings(in: context).compactMap(\.hint) {
                #expect(lines[0].contains("\(hint.key) \(hint.word)"), "\(hint.key) in \(context)")
                #expect(lines.allSatisfy { $0.contains(hint.key) || hint.weight == .extra }, "\(hint.key) left out in \(context)")
            }
        }
        let browsing = KeyTable.shortHelp(for: .browsing)
        #expect(browsing.first == "Tab pane  arrows move/turn  <> coarse  Enter type  n new  p preset  s save  r random  u undo  x end  ? help  q quit")
        #expect(browsing.allSatisfy { $0.hasSuffix("? help  q quit") })
        #expect(browsing.last.map { $0.count + 1 <= Layout.minimumColumns } == true)
        #expect(KeyTable.shortHelp(for: .typing) == ["Enter accept  Esc cancel  Backspace erase"])
        #expect(KeyTable.shortHelp(for: .choosingPreset) == ["Up/Down choose  Enter accept  Esc cancel"])
        #expect(KeyTable.shortHelp(for: .confirming) == ["y yes  n no"])
        #expect(KeyTable.shortHelp(for: .help) == ["any key closes the help"])
    }

    @Test func theCommandsHelpListsEveryBindingInEightyColumns() throws {
        let text = KeyTable.helpText
        #expect(text.hasPrefix("Keys:\n"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 78 })
        for binding in KeyTable.bindings(in: .browsing) {
            #expect(text.contains("  " + binding.keysText.fitted(KeyTable.keyColumnWidth) + binding.meaning), "\(binding.keysText)")
        }
        for binding in KeyTable.all where binding.context != .browsing {
            #expect(Self.words(text).contains(Self.words("\(binding.keysText) \(binding.meaning)")))
        }
        for note in KeyTable.notes { #expect(Self.words(text).contains(Self.words(note))) }

        // The built command prints it.
        let help = try runCommand(TmuxPane.binary.path, ["tui", "--help"])
        #expect(help.status == 0, "\(help.error)")
        #expect(Self.words(help.output).contains(Self.words(text)), "\(help.output)")
    }
}
