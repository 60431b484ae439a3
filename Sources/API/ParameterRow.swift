/// One parameter as `GET /params` describes it: everything a client needs to show a knob,
/// check a value and turn it (`KnobTravel`). The server builds the rows from the engine's
/// schema; clients never keep a second copy of ranges or curves.
public struct ParameterRow: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case float, int
        /// One of `choices`, by name.
        case choice = "enum"
        case bool
    }

    /// How a knob's travel maps onto values: evenly, or evenly in octaves (frequencies, times).
    public enum Curve: String, Sendable, Hashable, Codable {
        case linear, exponential
    }

    public var key: String
    public var label: String
    /// The schema's group ("Filter", "Master"...), in the order the schema lists them.
    public var group: String
    public var unit: String
    public var kind: Kind
    /// Bounds of numbers and switches (a switch is 0...1); nil for choices.
    public var min: Double?
    public var max: Double?
    /// The names of a choice parameter, in order; nil for other kinds.
    public var choices: [String]?
    public var defaultValue: ParameterValue
    public var curve: Curve
    /// Time constant of the glide a change follows; 0 changes at once (at the next note or step
    /// for the sequencer's parameters).
    public var smoothingSeconds: Double
    /// Part of a patch's character, so "randomize" may move it; false for what is not the
    /// sound itself (the test signal, which replaces the music; the master level and width).
    public var randomizable: Bool

    public init(key: String, label: String, group: String, unit: String = "", kind: Kind = .float,
                min: Double? = nil, max: Double? = nil, choices: [String]? = nil,
                defaultValue: ParameterValue, curve: Curve = .linear, smoothingSeconds: Double = 0, randomizable: Bool = true) {
        self.key = key
        self.label = label
        self.group = group
        self.unit = unit
        self.kind = kind
        self.min = min
        self.max = max
        self.choices = choices
        self.defaultValue = defaultValue
        self.curve = curve
        self.smoothingSeconds = smoothingSeconds
        self.randomizable = randomizable
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case key, label, group, unit, kind, min, max, choices, curve, randomizable
        case defaultValue = "default"
        case smoothingSeconds = "smoothing_seconds"
    }
}

/// `GET /params`.
public struct SchemaReply: Sendable, Hashable, Codable {
    public var params: [ParameterRow]

    public init(params: [ParameterRow]) { self.params = params }
}
