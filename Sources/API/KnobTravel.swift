import Foundation

/// A parameter as a knob: where a value sits on the knob's travel (0...1), the value at a
/// place on it, and turning it by fine steps (a hundredth of the travel) or coarse ones (a
/// tenth). Exponential parameters travel evenly in octaves, so the 20 Hz and 20 kHz ends of
/// a cutoff turn alike. Whole numbers move by one (coarse: a tenth of the range), choices to
/// the next name, switches flip. Every client (the TUI, the web page, the tests) turns knobs
/// with these.
extension ParameterRow {
    public static let fineSteps = 100.0
    public static let coarseSteps = 10.0

    /// The values a number can take; a choice's are its indices, a switch's 0...1.
    public var range: ClosedRange<Double> {
        if kind == .choice { return 0...Double(Swift.max((choices?.count ?? 1) - 1, 0)) }
        let low = min ?? 0
        return low...Swift.max(low, max ?? 1)
    }

    /// Where a value sits on the knob's travel, 0...1.
    public func position(of value: ParameterValue) -> Double {
        switch (kind, value) {
        case (.choice, .string(let name)):
            let names = choices ?? []
            guard names.count > 1, let index = names.firstIndex(of: name) else { return 0 }
            return Double(index) / Double(names.count - 1)
        case (.bool, .bool(let on)):
            return on ? 1 : 0
        case (_, .number(let number)):
            guard range.upperBound > range.lowerBound else { return 0 }
            let clamped = Swift.min(Swift.max(number, range.lowerBound), range.upperBound)
            if travelsInOctaves { return log(clamped / range.lowerBound) / log(range.upperBound / range.lowerBound) }
            return (clamped - range.lowerBound) / (range.upperBound - range.lowerBound)
        default:
            return 0
        }
    }

    /// The value at a place on the knob's travel (0...1, clamped), snapped to the kind.
    public func value(atPosition position: Double) -> ParameterValue {
        let position = Swift.min(Swift.max(position, 0), 1)
        switch kind {
        case .choice:
            guard let names = choices, !names.isEmpty else { return defaultValue }
            return .string(names[Int((position * Double(names.count - 1)).rounded())])
        case .bool:
            return .bool(position >= 0.5)
        case .int:
            return .number((range.lowerBound + position * (range.upperBound - range.lowerBound)).rounded())
        case .float:
            let exact = travelsInOctaves
                ? range.lowerBound * pow(range.upperBound / range.lowerBound, position)
                : range.lowerBound + position * (range.upperBound - range.lowerBound)
            return .number(Swift.min(Swift.max(Self.tidy(exact), range.lowerBound), range.upperBound))
        }
    }

    /// The value `steps` steps away (negative: down), never past the ends.
    public func turned(_ value: ParameterValue, by steps: Int, coarse: Bool) -> ParameterValue {
        switch kind {
        case .choice:
            let names = choices ?? []
            guard case .string(let name) = value, let index = names.firstIndex(of: name) else {
                return names.first.map(ParameterValue.string) ?? value
            }
            return .string(names[Swift.min(Swift.max(index + steps, 0), names.count - 1)])
        case .bool:
            guard case .bool(let on) = value else { return .bool(false) }
            return steps == 0 ? value : .bool(!on)
        case .int:
            guard case .number(let number) = value else { return defaultValue }
            let step = coarse ? Swift.max(1, ((range.upperBound - range.lowerBound) / Self.coarseSteps).rounded()) : 1
            return .number(Swift.min(Swift.max(number.rounded() + Double(steps) * step, range.lowerBound), range.upperBound))
        case .float:
            guard case .number = value else { return defaultValue }
            let step = 1 / (coarse ? Self.coarseSteps : Self.fineSteps)
            return self.value(atPosition: position(of: value) + Double(steps) * step)
        }
    }

    /// A value as a knob shows it, with its unit: "1400 Hz", "saw", "on".
    public func display(_ value: ParameterValue) -> String {
        switch value {
        case .number(let number): unit.isEmpty ? NumberText.format(number) : "\(NumberText.format(number)) \(unit)"
        case .string(let name): name
        case .bool(let on): on ? "on" : "off"
        }
    }

    /// The knob's travel as text: "20..20000 Hz", "5 choices", "on/off".
    public var rangeText: String {
        switch kind {
        case .choice: "\(choices?.count ?? 0) choices"
        case .bool: "on/off"
        case .float, .int:
            "\(NumberText.format(range.lowerBound))..\(NumberText.format(range.upperBound))\(unit.isEmpty ? "" : " \(unit)")"
        }
    }

    private var travelsInOctaves: Bool { curve == .exponential && range.lowerBound > 0 }

    /// Four significant digits: a turned knob reads 1497, not 1496.9873.
    static func tidy(_ number: Double) -> Double {
        guard number != 0, number.isFinite else { return number }
        let scale = pow(10, 3 - floor(log10(abs(number))))
        return (number * scale).rounded() / scale
    }
}
