/// One row of the key table: keys, the mode they work in, the command they make, and how the
/// help overlay, the key help line and `--help` describe them.
public struct KeyBinding: Sendable {
    /// Keys and the command they make.
    public struct Action: Sendable {
        public let keys: [Key]
        public let command: Command

        public init(_ keys: [Key], _ command: Command) {
            self.keys = keys
            self.command = command
        }
    }

    public enum Trigger: Sendable {
        /// These keys; a row may hold a pair of opposite actions ("Up/Down").
        case keys([Action])
        /// Every key.
        case anyKey(Command)
        /// A printable character types itself.
        case text
        /// The mouse wheel turns the knob under the pointer.
        case wheel

        static func key(_ keys: Key..., makes command: Command) -> Trigger { .keys([Action(keys, command)]) }
    }

    /// A binding's entry on the key help line: "n new", or "n" alone on narrow screens.
    public struct Hint: Sendable {
        /// How long the entry keeps its word as the screen narrows.
        public enum Weight: Sendable {
            /// Always with its word (help, quit, a prompt's keys).
            case essential
            /// With its word on all but the narrowest line.
            case command
            /// Keys whose use is plain (Tab, arrows, Enter): the word on wide lines only.
            case movement
            /// The widest line with its word, the narrowest as a key, left out between.
            case extra
        }

        public let key: String
        public let word: String
        public let weight: Weight

        public init(_ key: String, _ word: String, _ weight: Weight) {
            self.key = key
            self.word = word
            self.weight = weight
        }

        /// The key help line comes in this many variants, widest first.
        static let variants = 4

        /// The entry on one variant of the line; nil when left out.
        func text(onVariant variant: Int) -> String? {
            let withWord = "\(key) \(word)"
            let narrowest = variant == Self.variants - 1
            switch weight {
            case .essential: return withWord
            case .command: return narrowest ? key : withWord
            case .movement: return variant <= 1 ? withWord : key
            case .extra: return variant == 0 ? withWord : narrowest ? key : nil
            }
        }
    }

    public let context: KeyContext
    public let trigger: Trigger
    /// How the help names the keys: "Up/Down  j/k".
    public let keysText: String
    /// What they do, in the help overlay and `--help`.
    public let meaning: String
    /// The entry on the key help line, if the binding has one.
    public let hint: Hint?

    init(_ context: KeyContext, _ trigger: Trigger, _ keysText: String, _ meaning: String, hint: Hint? = nil) {
        self.context = context
        self.trigger = trigger
        self.keysText = keysText
        self.meaning = meaning
        self.hint = hint
    }

    /// The command this binding makes of a key, if the key is one of its own.
    func command(for key: Key) -> Command? {
        switch trigger {
        case .keys(let actions):
            return actions.first { $0.keys.contains(key) }?.command
        case .anyKey(let command):
            return command
        case .text:
            guard case .character(let character) = key, !character.isNewline,
                  character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else { return nil }
            return .typeCharacter(character)
        case .wheel:
            guard case .wheel(let row, let column, let up) = key else { return nil }
            return .wheel(row: row, column: column, up: up)
        }
    }
}
