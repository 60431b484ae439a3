/// A preset the server offers (`GET /presets`).
public struct PresetInfo: Sendable, Equatable {
    public var name: String
    public var description: String

    public init(name: String, description: String = "") {
        self.name = name
        self.description = description
    }
}
