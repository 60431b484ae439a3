import Foundation

/// One parameter as the server's schema (`GET /params`) describes it: what a knob shows and
/// how far it turns.
public struct Knob: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case float
        case int
        case choice([String])
        case flag
    }

    /// How a knob's travel maps to values: evenly, or evenly in octaves (frequencies, times).
    public enum Curve: String, Sendable, Equatable {
        case linear
        case exponential
    }

    public let key: String
    public let label: String
    public let group: String
    public let unit: String
    public let kind: Kind
    public let range: ClosedRange<Double>
    public let curve: Curve
    public let defaultValue: KnobValue

    public init(key: String, label: String, group: String, unit: String = "", kind: Kind = .float,
                range: ClosedRange<Double> = 0...1, curve: Curve = .linear, defaultValue: KnobValue = .number(0)) {
        self.key = key
        self.label = label
        self.group = group
        self.unit = unit
        self.kind = kind
        self.range = range
        self.curve = curve
        self.defaultValue = defaultValue
    }

    /// A value as the knob shows it, with its unit: "1400 Hz", "saw", "on".
    public func display(_ value: KnobValue) -> String {
        guard case .number = value, !unit.isEmpty else { return value.description }
        return "\(value) \(unit)"
    }

    /// The knob's travel as text: "20-20000 Hz", or the number of choices.
    public var rangeText: String {
        switch kind {
        case .choice(let names): "\(names.count) choices"
        case .flag: "on/off"
        case .float, .int: "\(Self.format(range.lowerBound))..\(Self.format(range.upperBound))\(unit.isEmpty ? "" : " \(unit)")"
        }
    }

    /// Numbers at a precision a knob can show: more decimals for smaller values, no
    /// trailing zeros ("0.45", "0.005", "12.5", "1400").
    static func format(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e9 { return String(Int64(number)) }
        let magnitude = abs(number)
        let digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3
        var text = String(format: "%.\(digits)f", number)
        while text.contains("."), text.hasSuffix("0") || text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
