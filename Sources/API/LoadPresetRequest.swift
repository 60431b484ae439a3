/// `POST /sessions/{id}/preset`: the named preset's values glide into the running session,
/// over `transition` seconds if given (a morph), else at each parameter's own smoothing.
public struct LoadPresetRequest: Sendable, Hashable, Codable {
    public var name: String
    public var transition: Double?

    public init(name: String, transition: Double? = nil) {
        self.name = name
        self.transition = transition
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, transition
    }
}

/// The answer to `LoadPresetRequest`: the preset loaded and every value now in force.
public struct LoadPresetReply: Sendable, Hashable, Codable {
    public var preset: String
    public var params: [String: ParameterValue]

    public init(preset: String, params: [String: ParameterValue]) {
        self.preset = preset
        self.params = params
    }
}
