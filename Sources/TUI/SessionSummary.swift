/// A live session as the session list shows it (a row of `GET /sessions`).
public struct SessionSummary: Sendable, Equatable {
    public var id: String
    public var streamURL: String
    public var preset: String
    public var seed: UInt64?
    public var listeners: Int
    public var uptimeSeconds: Double
    /// Render time per second of audio: this session's share of one core.
    public var renderLoad: Double
    /// Peak of the latest audio, 0...1 linear (0 while nobody listens: nothing renders).
    public var level: Double
    public var params: [String: KnobValue]

    public init(id: String, streamURL: String = "", preset: String = "", seed: UInt64? = nil, listeners: Int = 0,
                uptimeSeconds: Double = 0, renderLoad: Double = 0, level: Double = 0, params: [String: KnobValue] = [:]) {
        self.id = id
        self.streamURL = streamURL
        self.preset = preset
        self.seed = seed
        self.listeners = listeners
        self.uptimeSeconds = uptimeSeconds
        self.renderLoad = renderLoad
        self.level = level
        self.params = params
    }

    /// Enough of the token to tell sessions apart on screen.
    public var shortID: String { String(id.prefix(8)) }
}
