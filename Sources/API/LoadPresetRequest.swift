/// `POST /sessions/{id}/preset`: the named preset's values glide into the running session.
public struct LoadPresetRequest: Sendable, Hashable, Codable {
    public var name: String

    public init(name: String) { self.name = name }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name
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
