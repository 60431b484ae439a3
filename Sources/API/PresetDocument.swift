/// A preset as its JSON file holds it (`presets/*.json`), as `GET /presets/{name}` answers
/// and `PUT /presets/{name}` takes: keys missing from `params` take the schema defaults.
public struct PresetDocument: Sendable, Hashable, Codable {
    public var name: String
    public var description: String?
    public var seed: UInt64?
    public var params: [String: ParameterValue]?

    public init(name: String, description: String? = nil, seed: UInt64? = nil, params: [String: ParameterValue]? = nil) {
        self.name = name
        self.description = description
        self.seed = seed
        self.params = params
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, description, seed, params
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        seed = try container.decodeSeedIfPresent(forKey: .seed)
        params = try container.decodeIfPresent([String: ParameterValue].self, forKey: .params)
    }
}

/// A row of `GET /presets`, and the answer to `PUT /presets/{name}`.
public struct PresetSummary: Sendable, Hashable, Codable {
    public var name: String
    public var description: String
    /// Shipped with Synthcast (read-only through the API), or saved by a user.
    public var shipped: Bool

    public init(name: String, description: String, shipped: Bool) {
        self.name = name
        self.description = description
        self.shipped = shipped
    }
}

/// `GET /presets`: every preset, by name.
public struct PresetList: Sendable, Hashable, Codable {
    public var presets: [PresetSummary]

    public init(presets: [PresetSummary]) { self.presets = presets }
}
