import API

/// Turning user input into engine values. Everything that reaches the DSP passes here,
/// so an unknown key, a wrong kind, NaN/Inf or an out-of-range value never does.
extension ParameterSpec {
    /// The allowed values, as an error message or `--help` shows them.
    public var allowedDescription: String {
        switch kind {
        case .enumeration(let names): return "one of " + names.joined(separator: ", ")
        case .bool: return "true or false"
        case .float, .int:
            let unitText = unit.isEmpty ? "" : " \(unit)"
            return "\(NumberText.format(range.lowerBound))...\(NumberText.format(range.upperBound))\(unitText)"
        }
    }

    /// Validates a typed value (from JSON or an API) and returns the engine value.
    public func validate(_ value: ParameterValue) throws(ParameterError) -> Double {
        switch (kind, value) {
        case (.enumeration(let names), .string(let name)):
            guard let index = names.firstIndex(of: name) else {
                throw .unknownChoice(key: key, value: name, allowed: names)
            }
            return Double(index)
        case (.bool, .bool(let flag)):
            return flag ? 1 : 0
        case (.float, .number(let number)), (.int, .number(let number)):
            return try validate(number: number)
        default:
            throw .wrongKind(key: key, expected: expectedDescription, got: value.kindDescription)
        }
    }

    /// Validates a number for a numeric parameter.
    public func validate(number: Double) throws(ParameterError) -> Double {
        guard number.isFinite else { throw .notFinite(key: key, allowed: allowedDescription) }
        guard range.contains(number) else {
            throw .outOfRange(key: key, value: NumberText.format(number), allowed: allowedDescription)
        }
        if case .int = kind, number != number.rounded() {
            throw .notWhole(key: key, value: NumberText.format(number))
        }
        return number
    }

    /// Parses text from a command line or URL query: numbers, choice names, true/false.
    public func parse(_ text: String) throws(ParameterError) -> Double {
        let trimmed = text.trimmingWhitespace()
        switch kind {
        case .enumeration:
            return try validate(.string(trimmed))
        case .bool:
            switch trimmed.lowercased() {
            case "true", "on", "yes", "1": return 1
            case "false", "off", "no", "0": return 0
            default: throw .wrongKind(key: key, expected: expectedDescription, got: "\"\(trimmed)\"")
            }
        case .float, .int:
            guard let number = Double(trimmed) else {
                if ["nan", "inf", "+inf", "-inf", "infinity", "-infinity"].contains(trimmed.lowercased()) {
                    throw .notFinite(key: key, allowed: allowedDescription)
                }
                throw .wrongKind(key: key, expected: expectedDescription, got: "\"\(trimmed)\"")
            }
            return try validate(number: number)
        }
    }

    /// The typed form of an engine value, as presets and the API write it.
    public func externalValue(_ value: Double) -> ParameterValue {
        switch kind {
        case .enumeration(let names): .string(names[min(max(Int(value), 0), names.count - 1)])
        case .bool: .bool(value != 0)
        case .float, .int: .number(value)
        }
    }

    /// A value for display, with its unit: "1400 Hz", "saw", "on".
    public func display(_ value: Double) -> String { row.display(externalValue(value)) }

    private var expectedDescription: String {
        switch kind {
        case .float: "a number (\(allowedDescription))"
        case .int: "a whole number (\(allowedDescription))"
        case .enumeration: "a string, \(allowedDescription)"
        case .bool: "true or false"
        }
    }
}

extension ParameterValue {
    var kindDescription: String {
        switch self {
        case .number(let n): "the number \(NumberText.format(n))"
        case .string(let s): "the string \"\(s)\""
        case .bool(let b): "the bool \(b)"
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
