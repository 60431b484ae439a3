/// `POST /sessions`: a preset by name (default: the built-in `default`), a seed (default: the
/// preset's, else random) and parameter values on top. Every field is optional.
public struct CreateSessionRequest: Sendable, Hashable, Codable {
    public var preset: String?
    public var seed: UInt64?
    public var params: [String: ParameterValue]?

    public init(preset: String? = nil, seed: UInt64? = nil, params: [String: ParameterValue]? = nil) {
        self.preset = preset
        self.seed = seed
        self.params = params
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case preset, seed, params
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        preset = try container.decodeIfPresent(String.self, forKey: .preset)
        seed = try container.decodeSeedIfPresent(forKey: .seed)
        params = try container.decodeIfPresent([String: ParameterValue].self, forKey: .params)
    }
}
