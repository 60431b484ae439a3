import Foundation

/// Turning a knob: a fine step is a hundredth of the travel, a coarse one a tenth, measured in
/// octaves on exponential knobs so that 20 Hz and 20 kHz ends turn alike. Whole numbers move
/// by one (coarse: a tenth of the range), choices to the next name, switches flip.
extension Knob {
    static let fineSteps = 100.0
    static let coarseSteps = 10.0

    /// Where a value sits on the knob's travel, 0...1.
    public func position(of value: KnobValue) -> Double {
        switch (kind, value) {
        case (.choice(let names), .choice(let name)):
            guard names.count > 1, let index = names.firstIndex(of: name) else { return 0 }
            return Double(index) / Double(names.count - 1)
        case (.flag, .flag(let on)):
            return on ? 1 : 0
        case (_, .number(let number)):
            let clamped = min(max(number, range.lowerBound), range.upperBound)
            guard range.upperBound > range.lowerBound else { return 0 }
            if usesLogTravel { return log(clamped / range.lowerBound) / log(range.upperBound / range.lowerBound) }
            return (clamped - range.lowerBound) / (range.upperBound - range.lowerBound)
        default:
            return 0
        }
    }

    /// The value at a place on the knob's travel (0...1, clamped).
    public func value(atPosition position: Double) -> KnobValue {
        let position = min(max(position, 0), 1)
        switch kind {
        case .choice(let names):
            guard !names.isEmpty else { return defaultValue }
            return .choice(names[Int((position * Double(names.count - 1)).rounded())])
        case .flag:
            return .flag(position >= 0.5)
        case .int:
            return .number((range.lowerBound + position * (range.upperBound - range.lowerBound)).rounded())
        case .float:
            if usesLogTravel { return .number(Self.tidy(range.lowerBound * pow(range.upperBound / range.lowerBound, position))) }
            return .number(Self.tidy(range.lowerBound + position * (range.upperBound - range.lowerBound)))
        }
    }

    /// The value `steps` steps away (negative: down), never past the ends.
    public func turned(_ value: KnobValue, by steps: Int, coarse: Bool) -> KnobValue {
        switch kind {
        case .choice(let names):
            guard case .choice(let name) = value, let index = names.firstIndex(of: name) else { return names.first.map(KnobValue.choice) ?? value }
            return .choice(names[min(max(index + steps, 0), names.count - 1)])
        case .flag:
            guard case .flag(let on) = value else { return .flag(false) }
            return steps == 0 ? value : .flag(!on)
        case .int:
            guard case .number(let number) = value else { return defaultValue }
            let step = coarse ? max(1, ((range.upperBound - range.lowerBound) / Self.coarseSteps).rounded()) : 1
            return .number(min(max(number.rounded() + Double(steps) * step, range.lowerBound), range.upperBound))
        case .float:
            guard case .number(let number) = value else { return defaultValue }
            let step = 1 / (coarse ? Self.coarseSteps : Self.fineSteps)
            return self.value(atPosition: position(of: .number(number)) + Double(steps) * step)
        }
    }

    private var usesLogTravel: Bool { curve == .exponential && range.lowerBound > 0 }

    /// Four significant digits: a turned knob reads 1497, not 1496.9873.
    static func tidy(_ number: Double) -> Double {
        guard number != 0, number.isFinite else { return number }
        let scale = pow(10, 3 - floor(log10(abs(number))))
        return (number * scale).rounded() / scale
    }
}
