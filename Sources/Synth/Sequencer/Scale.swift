/// Musical scales the sequencer picks notes from.
public enum Scale: Int, NamedChoice, Sendable {
    case major, minor, dorian, phrygian, lydian, mixolydian, harmonicMinor
    case pentatonicMajor, pentatonicMinor, wholeTone, chromatic

    public var name: String {
        switch self {
        case .major: "major"
        case .minor: "minor"
        case .dorian: "dorian"
        case .phrygian: "phrygian"
        case .lydian: "lydian"
        case .mixolydian: "mixolydian"
        case .harmonicMinor: "harmonic-minor"
        case .pentatonicMajor: "pentatonic-major"
        case .pentatonicMinor: "pentatonic-minor"
        case .wholeTone: "whole-tone"
        case .chromatic: "chromatic"
        }
    }

    /// Semitones above the root, one octave's worth, in a fixed-size vector so the audio
    /// thread reads it without touching the heap.
    var intervals: (steps: SIMD16<Int32>, count: Int32) {
        switch self {
        case .major: ([0, 2, 4, 5, 7, 9, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0], 7)
        case .minor: ([0, 2, 3, 5, 7, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0], 7)
        case .dorian: ([0, 2, 3, 5, 7, 9, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0], 7)
        case .phrygian: ([0, 1, 3, 5, 7, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0], 7)
        case .lydian: ([0, 2, 4, 6, 7, 9, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0], 7)
        case .mixolydian: ([0, 2, 4, 5, 7, 9, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0], 7)
        case .harmonicMinor: ([0, 2, 3, 5, 7, 8, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0], 7)
        case .pentatonicMajor: ([0, 2, 4, 7, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 5)
        case .pentatonicMinor: ([0, 3, 5, 7, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 5)
        case .wholeTone: ([0, 2, 4, 6, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 6)
        case .chromatic: ([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 0, 0, 0], 12)
        }
    }

    /// Semitones above the root for a scale degree; degrees past the octave wrap upward.
    func semitones(forDegree degree: Int) -> Int {
        let (steps, count) = intervals
        let n = Int(count)
        let octave = degree >= 0 ? degree / n : (degree - n + 1) / n
        let index = degree - octave * n
        return 12 * octave + Int(steps[index])
    }

    /// How many degrees make an octave.
    var degreesPerOctave: Int { Int(intervals.count) }
}

/// The twelve pitch classes, for the root parameter.
public enum NoteName: Int, NamedChoice, Sendable {
    case c, cSharp, d, dSharp, e, f, fSharp, g, gSharp, a, aSharp, b

    public var name: String {
        ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"][rawValue]
    }
}
