import Foundation

/// A session's id: 128 random bits from the system's secure generator, written as 22
/// characters of URL-safe base64 (no padding), so it can sit in a query string as is.
struct SessionToken: Hashable, Sendable, CustomStringConvertible {
    let text: String

    static func random() -> SessionToken {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
        let urlSafe = base64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        return SessionToken(text: urlSafe.replacingOccurrences(of: "=", with: ""))
    }

    /// Only strings that could be tokens reach the session table, so a malformed id is told
    /// apart from an unknown one.
    static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == 22 && text.utf8.allSatisfy { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }

    var description: String { text }

    /// A short prefix for logs and lists: enough to tell sessions apart, too little to use.
    var short: String { String(text.prefix(6)) }
}
