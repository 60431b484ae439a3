/// What a source tells Icecast about its stream: the `ice-*` headers listeners and directories
/// see, and the audio format (`ice-audio-info`).
public struct IcecastStreamInfo: Sendable, Equatable {
    public var name: String
    public var description: String?
    public var genre: String?
    public var isPublic: Bool
    public var bitrate: Int
    public var sampleRate: Int
    public var channels: Int

    public init(name: String, description: String? = nil, genre: String? = nil, isPublic: Bool = false,
                bitrate: Int, sampleRate: Int, channels: Int) {
        self.name = name
        self.description = description
        self.genre = genre
        self.isPublic = isPublic
        self.bitrate = bitrate
        self.sampleRate = sampleRate
        self.channels = channels
    }

    /// The `ice-*` headers. Header values are one line: stray line breaks become spaces.
    var headers: [(String, String)] {
        var headers = [("ice-name", name)]
        if let description { headers.append(("ice-description", description)) }
        if let genre { headers.append(("ice-genre", genre)) }
        headers.append(("ice-public", isPublic ? "1" : "0"))
        headers.append(("ice-audio-info", "ice-samplerate=\(sampleRate);ice-bitrate=\(bitrate);ice-channels=\(channels)"))
        return headers.map { ($0.0, String($0.1.map { $0.isNewline ? " " : $0 }.prefix(256))) }
    }
}
