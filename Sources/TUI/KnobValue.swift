import Foundation

/// A parameter's value as the JSON API carries it: a number, a choice's name, or a switch.
public enum KnobValue: Sendable, Equatable, CustomStringConvertible {
    case number(Double)
    case choice(String)
    case flag(Bool)

    /// A value from decoded JSON. `JSONSerialization` gives true and false as Bool, numbers
    /// as NSNumber (which would also cast to Bool, hence the order).
    init?(json: Any) {
        if type(of: json) == Bool.self, let flag = json as? Bool {
            self = .flag(flag)
        } else if let text = json as? String {
            self = .choice(text)
        } else if let number = json as? NSNumber {
            self = .number(number.doubleValue)
        } else {
            return nil
        }
    }

    var json: Any {
        switch self {
        case .number(let number): number == number.rounded() && abs(number) < 1e15 ? Int64(number) as Any : number
        case .choice(let name): name
        case .flag(let flag): flag
        }
    }

    public var description: String {
        switch self {
        case .number(let number): Knob.format(number)
        case .choice(let name): name
        case .flag(let flag): flag ? "on" : "off"
        }
    }
}
