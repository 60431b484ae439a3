/// The single source of truth for every parameter: key, label, group, unit, kind, range,
/// default, curve and smoothing. Validation, presets, the CLI and (later) the HTTP API and
/// the TUI all read this table; nothing else lists parameters.
public enum ParameterSchema {
    public static let specs: [ParameterSpec] = catalog

    public static func spec(forKey key: String) -> ParameterSpec? { byKey[key] }

    /// All parameters of one group, in schema order.
    public static func specs(in group: ParameterGroup) -> [ParameterSpec] {
        specs.filter { $0.group == group }
    }

    /// Looks a key up, or explains that it is unknown (with the closest key as a hint).
    public static func lookup(_ key: String) throws(ParameterError) -> ParameterSpec {
        if let spec = byKey[key] { return spec }
        throw .unknownKey(key, suggestion: closestKey(to: key))
    }

    private static let byKey: [String: ParameterSpec] =
        Dictionary(uniqueKeysWithValues: specs.map { ($0.key, $0) })

    private static func closestKey(to key: String) -> String? {
        let lowered = key.lowercased().replacingUnderscoresAndDashes()
        let scored = specs.map { ($0.key, editDistance(lowered, $0.key.replacingUnderscoresAndDashes())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, key.count / 3) else { return nil }
        return best.0
    }
}

extension String {
    fileprivate func replacingUnderscoresAndDashes() -> String {
        String(map { $0 == "-" ? "_" : $0 })
    }
}

/// Levenshtein distance, for "did you mean" hints on unknown keys.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var previous = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...max(b.count, 1) where !b.isEmpty {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return a.isEmpty ? b.count : previous[b.count]
}
