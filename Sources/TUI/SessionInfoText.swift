import API

/// How a session is named and reached on screen.
extension SessionInfo {
    /// Enough of the token to tell sessions apart on screen (the listen-only id when there is
    /// no token, though the UI lists only sessions it controls).
    var shortID: String { String((id ?? listenID).prefix(8)) }

    /// The URL to paste into a player: the stream URL, else the listen-only one (both play).
    var playURL: String { streamURL ?? listenURL }

    /// Its Icecast outputs in a word: the worst state among them ("live" when all stream),
    /// with their count when there are several; empty when it has none.
    var outputSummary: String {
        guard let outputs, !outputs.isEmpty else { return "" }
        let states = Set(outputs.map(\.state))
        let word = states.contains(.failed) ? "failed" : states.contains(.retrying) ? "retrying"
            : states.contains(.connecting) ? "connect" : "live"
        return outputs.count > 1 ? "\(outputs.count) \(word)" : word
    }

    /// Its sleep timer's time left, under the list's SLEEP heading: "in 29:41" until the fade,
    /// then "fading 0:12" until the end; nil when it has none.
    var sleepText: String? {
        guard let timer else { return nil }
        return timer.fadeOutIn > 0 ? "in \(Format.clock(timer.fadeOutIn))" : "fading \(Format.clock(timer.endsIn))"
    }
}
