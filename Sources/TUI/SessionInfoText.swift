import API

/// How a session is named and reached on screen.
extension SessionInfo {
    /// Enough of the token to tell sessions apart on screen (the listen-only id when there is
    /// no token, though the UI lists only sessions it controls).
    var shortID: String { String((id ?? listenID).prefix(8)) }

    /// The URL to paste into a player: the stream URL, else the listen-only one (both play).
    var playURL: String { streamURL ?? listenURL }
}
