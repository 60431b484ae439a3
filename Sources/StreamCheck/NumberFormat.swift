import Foundation

/// Numbers as people write them: 1000, 0.5, 44.1 (no trailing zeros).
enum NumberFormat {
    static func short(_ value: Double) -> String {
        var text = String(format: "%.3f", value)
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
