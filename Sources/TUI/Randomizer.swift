import API

/// `r`: every knob the schema marks randomizable to a random place on its travel. The server
/// says which are not part of a patch's character (the test signal would replace the music;
/// the master level and width are the listener's, not the patch's), so no group is named here.
enum Randomizer {
    static func values(for knobs: [ParameterRow], using random: inout some RandomNumberGenerator) -> [String: ParameterValue] {
        var values: [String: ParameterValue] = [:]
        for knob in knobs where knob.randomizable {
            values[knob.key] = knob.value(atPosition: Double.random(in: 0...1, using: &random))
        }
        return values
    }
}
