/// `POST /sessions/{id}/outputs`: push the session to an Icecast mount as its source.
/// `url` is `icecast://[USER[:PASS]@]HOST:PORT/MOUNT`; the rest is what Icecast shows about
/// the stream (its directory listing, `status-json.xsl`).
public struct IcecastOutputRequest: Sendable, Hashable, Codable {
    public var url: String
    public var name: String?
    public var description: String?
    public var genre: String?
    /// Whether Icecast may list the stream in public directories (`ice-public`).
    public var isPublic: Bool?

    public init(url: String, name: String? = nil, description: String? = nil, genre: String? = nil, isPublic: Bool? = nil) {
        self.url = url
        self.name = name
        self.description = description
        self.genre = genre
        self.isPublic = isPublic
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case url, name, description, genre
        case isPublic = "public"
    }
}
