import Foundation

/// The `key=value` pairs of a request's query, decoded by Foundation's URLComponents
/// (percent-escapes and all), with the checks every URL here shares: a key given twice or
/// without a value is an error, not a guess.
struct QueryParameters: Sendable {
    private let items: [(name: String, value: String?)]

    static let maximumPairs = 64

    init(items: [(name: String, value: String?)]) { self.items = items }

    /// Parses the query of a request target such as `/set_param?id=X&cutoff=800`.
    init(target: String) throws(ServiceError) {
        guard let components = URLComponents(string: target) else {
            throw .badRequest("malformed request target: check the URL's percent-escapes")
        }
        let items = (components.queryItems ?? []).map { (name: $0.name, value: $0.value) }
        guard items.count <= Self.maximumPairs else {
            throw ServiceError(kind: .tooManyParameters, message: "too many query parameters (\(items.count)); at most \(Self.maximumPairs)")
        }
        self.items = items.filter { !$0.name.isEmpty }
    }

    /// The value of `name`, or nil when absent.
    func value(of name: String) throws(ServiceError) -> String? {
        let matches = items.filter { $0.name == name }
        guard let first = matches.first else { return nil }
        guard matches.count == 1 else { throw .badRequest("'\(name)' is given \(matches.count) times; give it once") }
        guard let value = first.value else { throw .badRequest("'\(name)' needs a value: \(name)=...") }
        return value
    }

    /// Every pair but the `excluded` names, in order, each key once and with a value.
    func assignments(excluding excluded: Set<String>) throws(ServiceError) -> [(String, String)] {
        var seen = Set<String>()
        var result: [(String, String)] = []
        for item in items where !excluded.contains(item.name) {
            guard seen.insert(item.name).inserted else { throw .badRequest("'\(item.name)' is given more than once; give it once") }
            guard let value = item.value else { throw .badRequest("'\(item.name)' needs a value: \(item.name)=...") }
            result.append((item.name, value))
        }
        return result
    }
}
