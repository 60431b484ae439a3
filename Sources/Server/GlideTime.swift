import API

/// A glide or transition time from a request: `glide=SECONDS` on `set_param` and PATCH, a
/// preset's `transition`. Up to an hour; 0 means the parameters' own smoothing.
enum GlideTime {
    static let longest = 3600.0

    /// The seconds in a query's text, 0 when there is none.
    static func parse(_ text: String?, name: String = "glide") throws(ServiceError) -> Double {
        guard let text else { return 0 }
        guard let seconds = Double(text) else {
            throw .badRequest("'\(name)' takes seconds, 0...\(Int(longest)), got '\(text.prefix(40))'")
        }
        return try check(seconds, name: name)
    }

    static func check(_ seconds: Double, name: String = "glide") throws(ServiceError) -> Double {
        guard seconds.isFinite, (0...longest).contains(seconds) else {
            throw .badRequest("'\(name)' takes seconds, 0...\(Int(longest)), got \(seconds)")
        }
        return seconds
    }
}
