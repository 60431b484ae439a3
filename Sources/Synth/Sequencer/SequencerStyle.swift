/// How the generative sequencer turns its pattern into notes.
public enum SequencerStyle: Int, NamedChoice, Sendable {
    /// A seeded random-walk melody over the scale; density decides which steps play.
    case melody
    /// The bar's chord broken up and down across the octave range.
    case arpeggio
    /// A chord on each bar's strong steps, held for the note length.
    case chords
    /// Root, fifth and octave held and renewed once per pattern.
    case drone
    /// No notes: drums, texture and test signal only.
    case off

    public var name: String {
        switch self {
        case .melody: "melody"
        case .arpeggio: "arpeggio"
        case .chords: "chords"
        case .drone: "drone"
        case .off: "off"
        }
    }
}
