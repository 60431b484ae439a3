import Foundation

/// A parameter's value as the JSON API carries it: a number, a choice's name, or a switch.
public enum KnobValue: Sendable, Equatable, CustomStringConvertible {
    case number(Double)
    case choice(String)
    case flag(Bool)

    /// A value from decoded JSON. `JSONSerialization` gives numbers and true/false alike as
    /// NSNumber; a boolean's type code is "c" (char), a number's "q" or "d".
    init?(json: Any) {
        if let text = json as? String {
            self = .choice(text)
        } else if let number = json as? NSNumber {
            self = String(cString: number.objCType) == "c" ? .flag(number.boolValue) : .number(number.doubleValue)
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
