import Foundation

/// Small text helpers for fixed-width panes.
extension String {
    /// Cut or padded with spaces to exactly `width` characters.
    func fitted(_ width: Int) -> String {
        guard width > 0 else { return "" }
        if count > width { return String(prefix(width)) }
        return self + String(repeating: " ", count: width - count)
    }

    /// Words in lines of at most `width` characters (a longer word is cut).
    func wrapped(to width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.map { String($0.prefix(max(width, 1))) }
    }

    /// Padded on the left to `width` characters (numbers line up on the right).
    func rightAligned(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

enum Format {
    /// "12s", "3m05s", "1h02m".
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds)
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m" + String(format: "%02ds", total % 60) }
        return "\(total / 3600)h" + String(format: "%02dm", total / 60 % 60)
    }

    static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

    /// A countdown as a clock, to the next whole second: "0:12", "29:41", "1:02:03".
    static func clock(_ seconds: Double) -> String {
        let total = Int(max(0, seconds).rounded(.up))
        if total < 3600 { return String(format: "%d:%02d", total / 60, total % 60) }
        return String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
    }

    /// A typed amount as given: "20 s", "2.5 s".
    static func seconds(_ seconds: Double) -> String { String(format: "%g s", seconds) }

    /// "30 min", "1.5 min".
    static func minutes(_ minutes: Double) -> String { String(format: "%g min", minutes) }

    /// A linear peak as dBFS text; silence has none.
    static func decibels(_ level: Double) -> String {
        level > 0 ? String(format: "%.0f dB", 20 * log10(level)) : "-inf dB"
    }
}
