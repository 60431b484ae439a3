import API
import Foundation

/// A named starting point for a session: a description, an optional seed and parameter
/// values (missing keys take the schema defaults). Stored as JSON:
/// `{"name": "...", "description": "...", "seed": 7, "params": {"cutoff": 800, "wave": "saw"}}`.
public struct Preset: Sendable, Equatable {
    public var name: String
    public var description: String
    public var seed: UInt64?
    public var parameters: ParameterSet

    public init(name: String, description: String, seed: UInt64? = nil, parameters: ParameterSet = ParameterSet()) {
        self.name = name
        self.description = description
        self.seed = seed
        self.parameters = parameters
    }

    /// What a new session gets: every parameter at its schema default.
    public static let standard = Preset(
        name: "default",
        description: "A slow pentatonic melody on detuned saws with delay and reverb: the sound a new session starts with.",
        parameters: ParameterSet())

    /// Decodes and validates a preset. Either the whole preset is valid or this throws;
    /// nothing is ever half-applied. `source` names the file in error messages.
    public init(json data: Data, source: String) throws(PresetError) {
        let document: JSONValue
        do { document = try JSONValue.parse(data) } catch {
            throw PresetError(source: source, line: error.position?.line, column: error.position?.column,
                              message: "invalid JSON: \(error.detail)")
        }
        guard case .object(let fields) = document else {
            throw PresetError(source: source, message: "a preset is a JSON object, found \(document.kindName)")
        }
        let known: Set<String> = ["name", "description", "seed", "params"]
        if let stray = fields.keys.sorted().first(where: { !known.contains($0) }) {
            throw PresetError(source: source, key: stray, message: "unknown field '\(stray)'; a preset has name, description, seed and params")
        }
        guard case .string(let name)? = fields["name"], !name.isEmpty else {
            throw PresetError(source: source, key: "name", message: "'name' must be a non-empty string")
        }
        var description = ""
        if let value = fields["description"] {
            guard case .string(let text) = value else {
                throw PresetError(source: source, key: "description", message: "'description' must be a string")
            }
            description = text
        }
        var seed: UInt64?
        if let value = fields["seed"] {
            guard case .number(let number) = value, let whole = Seed.exactly(number) else {
                throw PresetError(source: source, key: "seed", message: "'seed' must be \(Seed.allowedDescription)")
            }
            seed = whole
        }
        var parameters = ParameterSet()
        if let value = fields["params"] {
            guard case .object(let params) = value else {
                throw PresetError(source: source, key: "params", message: "'params' must be an object of key: value")
            }
            for key in params.keys.sorted() {
                do { try parameters.set(key, ParameterValue(json: params[key]!, key: key)) } catch {
                    throw PresetError(source: source, key: key, message: error.description)
                }
            }
        }
        self.init(name: name, description: description, seed: seed, parameters: parameters)
    }

    /// The preset as pretty JSON, every parameter written out in schema order.
    public func jsonData() -> Data {
        var lines = ["{"]
        lines.append("  \"name\": \(Self.quoted(name)),")
        lines.append("  \"description\": \(Self.quoted(description)),")
        if let seed { lines.append("  \"seed\": \(seed),") }
        lines.append("  \"params\": {")
        let values = parameters.externalValues
        for (index, entry) in values.enumerated() {
            let text: String
            switch entry.value {
            case .number(let n): text = n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
            case .string(let s): text = Self.quoted(s)
            case .bool(let b): text = String(b)
            }
            lines.append("    \"\(entry.key)\": \(text)" + (index == values.count - 1 ? "" : ","))
        }
        lines.append("  }")
        lines.append("}")
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    private static func quoted(_ text: String) -> String {
        let data = try? JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed])
        return data.flatMap { String(data: $0, encoding: .utf8) } ?? "\"\""
    }
}

extension ParameterValue {
    /// A parameter value from JSON: numbers, strings and bools; anything else is the wrong kind.
    public init(json: JSONValue, key: String) throws(ParameterError) {
        switch json {
        case .number(let n): self = .number(n)
        case .string(let s): self = .string(s)
        case .bool(let b): self = .bool(b)
        default:
            let spec = try ParameterSchema.lookup(key)
            throw .wrongKind(key: key, expected: spec.allowedDescription, got: json.kindName)
        }
    }
}
