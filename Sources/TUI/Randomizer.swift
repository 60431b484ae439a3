import Synth

/// `r`: every knob to a random place on its travel, except the groups that are not part of the
/// sound's character: the test signal would replace the music, and the master gain and width
/// are the listener's level, not the patch.
enum Randomizer {
    static let keptGroups: Set<String> = ["Test signal", "Master"]

    static func values(for knobs: [Knob], using random: inout SeededRandom) -> [String: KnobValue] {
        var values: [String: KnobValue] = [:]
        for knob in knobs where !keptGroups.contains(knob.group) {
            values[knob.key] = knob.value(atPosition: Double.random(in: 0...1, using: &random))
        }
        return values
    }
}
