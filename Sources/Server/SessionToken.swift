import Foundation

/// A session's id: 128 random bits from the system's secure generator, written as 22
/// characters of URL-safe base64 (no padding), so it can sit in a query string as is.
struct SessionToken: Hashable, Sendable, CustomStringConvertible {
    let text: String

    /// 128 random bits, URL-safe base64 (22 characters); with a node id, `NODE.` in front, so
    /// a proxy can route the token to the node that holds its session.
    static func random(node: String? = nil) -> SessionToken {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
        let urlSafe = base64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        return SessionToken(text: (node.map { $0 + "." } ?? "") + urlSafe.replacingOccurrences(of: "=", with: ""))
    }

    /// Only strings that could be tokens reach the session table, so a malformed id is told
    /// apart from an unknown one: 22 URL-safe base64 characters, after an optional node id and a dot.
    static func isWellFormed(_ text: String) -> Bool {
        var random = Substring(text)
        if let dot = text.firstIndex(of: ".") {
            guard isValidNode(String(text[..<dot])) else { return false }
            random = text[text.index(after: dot)...]
        }
        return random.utf8.count == 22 && random.utf8.allSatisfy { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }

    /// A node id: 1 to 8 ASCII letters and digits.
    static func isValidNode(_ node: String) -> Bool {
        (1...8).contains(node.utf8.count) && node.utf8.allSatisfy { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
    }

    var description: String { text }

    /// A short prefix for logs and lists: enough to tell sessions apart, too little to use.
    /// `text` with every run that could be a token's random part cut to its first six
    /// characters, as `short` shows them: request lines in logs never hold a whole token.
    static func redacting(_ text: Substring) -> String {
        String(text.replacing(/[A-Za-z0-9_-]{22}/) { String($0.output.prefix(6)) + "…" })
    }

    var short: String {
        guard let dot = text.firstIndex(of: ".") else { return String(text.prefix(6)) }
        return String(text[..<dot]) + "." + text[text.index(after: dot)...].prefix(6)
    }
}
