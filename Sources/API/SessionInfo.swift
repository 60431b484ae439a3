/// A session as the JSON API describes it (`POST /sessions`, `GET /sessions/{id}`, the rows
/// of `GET /sessions`). Asked for with a listen-only id, it has no control token (`id`) and
/// no `stream_url`.
public struct SessionInfo: Sendable, Hashable, Codable {
    /// The control token: whoever has it changes and ends the session.
    public var id: String?
    /// The listen-only id: it plays the stream and reads the session, and changes nothing.
    public var listenID: String
    public var streamURL: String?
    public var listenURL: String
    /// The HLS live playlist, by the listen-only id: a link to share, and what a cache in
    /// front of the server serves to many.
    public var hlsURL: String
    public var preset: String
    public var seed: UInt64
    public var listeners: Int
    public var uptimeSeconds: Double
    /// Render time per second of audio: this session's share of one core.
    public var renderLoad: Double
    /// Peak of the latest audio, linear 0...1 (0 while nobody listens: nothing renders).
    public var level: Double
    public var params: [String: ParameterValue]
    /// Parameter changes published to the session since this server loaded it: a batch
    /// (`set_param`, PATCH, an OSC bundle, a preset load) counts once.
    public var revision: UInt64
    /// Its Icecast outputs (absent for a listen-only caller).
    public var outputs: [IcecastOutputInfo]?
    /// Its sleep timer, if one is set.
    public var timer: SleepTimerInfo?

    public init(id: String?, listenID: String, streamURL: String?, listenURL: String, hlsURL: String, preset: String, seed: UInt64,
                listeners: Int, uptimeSeconds: Double, renderLoad: Double, level: Double, params: [String: ParameterValue],
                outputs: [IcecastOutputInfo]? = nil, revision: UInt64 = 0, timer: SleepTimerInfo? = nil) {
        self.id = id
        self.listenID = listenID
        self.streamURL = streamURL
        self.listenURL = listenURL
        self.hlsURL = hlsURL
        self.preset = preset
        self.seed = seed
        self.listeners = listeners
        self.uptimeSeconds = uptimeSeconds
        self.renderLoad = renderLoad
        self.level = level
        self.params = params
        self.revision = revision
        self.outputs = outputs
        self.timer = timer
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, preset, seed, listeners, level, params, revision, outputs, timer
        case listenID = "listen_id"
        case streamURL = "stream_url"
        case listenURL = "listen_url"
        case hlsURL = "hls_url"
        case uptimeSeconds = "uptime_seconds"
        case renderLoad = "render_load"
    }
}

/// `GET /sessions`: every session, oldest first.
public struct SessionList: Sendable, Hashable, Codable {
    public var sessions: [SessionInfo]

    public init(sessions: [SessionInfo]) { self.sessions = sessions }
}
