/// Why a preset could not be loaded: which file, where in it, and what to fix.
public struct PresetError: Error, Sendable, CustomStringConvertible {
    public let source: String
    public let key: String?
    public let line: Int?
    public let column: Int?
    public let message: String

    public init(source: String, key: String? = nil, line: Int? = nil, column: Int? = nil, message: String) {
        self.source = source
        self.key = key
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var location = source
        if let line { location += ":\(line)" + (column.map { ":\($0)" } ?? "") }
        return "\(location): \(message)"
    }
}
