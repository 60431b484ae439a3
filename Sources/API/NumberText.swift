import Foundation

/// Numbers as people read them, in messages, on knobs and in listings: whole numbers without
/// a decimal point, others to six significant digits without trailing zeros ("0.45",
/// "0.005", "1496.99", "1400"). The one formatter every module uses for values.
public enum NumberText {
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if let whole = Int64(exactly: value) { return String(whole) }
        var text = String(format: "%.6g", value)
        if text.contains("e") { return text }
        while text.contains("."), text.hasSuffix("0") || text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
