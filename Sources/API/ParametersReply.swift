/// `GET` and `PATCH /sessions/{id}/params`: values in force, by key. (A PATCH body is the bare
/// `{key: value}` object, `[String: ParameterValue]`.)
public struct ParametersReply: Sendable, Hashable, Codable {
    public var params: [String: ParameterValue]

    public init(params: [String: ParameterValue]) { self.params = params }
}
