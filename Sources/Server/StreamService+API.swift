import API
import NIOCore
import Presets
import Synth

/// The JSON API's operations on sessions, in the API's types: `RouteHandlers` decodes a
/// request into these calls and encodes what they return.
extension StreamService {
    /// `POST /sessions`.
    func createSession(_ request: CreateSessionRequest) throws(ServiceError) -> Session {
        if let seed = request.seed, !Seed.range.contains(seed) { throw .badRequest("'seed' must be \(Seed.allowedDescription)") }
        let assignments = (request.params ?? [:]).sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
        return try createSession(presetName: request.preset, seed: request.seed) { (parameters: inout ParameterSet) throws(ParameterError) in
            try parameters.apply(assignments)
        }
    }

    /// `PATCH /sessions/{id}/params` {key: value, ...}: all at one sample, or none.
    func patchParameters(_ id: String, _ assignments: [(key: String, value: ParameterValue)], glide: Double = 0) throws(ServiceError) -> ParametersReply {
        let session = try controlledSession(id)
        guard !assignments.isEmpty else { throw .badRequest("no parameter given: send {\"key\": value, ...}; GET /params lists the keys") }
        let values = try change(session, keys: assignments.map(\.key)) { () throws(ParameterError) in
            try session.parameters.submit(assignments, glide: glide)
        }
        return ParametersReply(params: Self.dictionary(values))
    }

    /// `POST /sessions/{id}/preset`: the preset's values glide in.
    func loadPreset(into id: String, _ request: LoadPresetRequest) throws(ServiceError) -> LoadPresetReply {
        let session = try controlledSession(id)
        let transition = try GlideTime.check(request.transition ?? 0, name: "transition")
        let preset = try loadPreset(named: request.name, missing: .notFound)
        let inForce = session.load(preset, transition: transition)
        session.touch()
        saveState(of: session)
        return LoadPresetReply(preset: preset.name, params: Self.dictionary(inForce.externalValues))
    }

    /// `DELETE /sessions/{id}`: listeners get a clean end of stream.
    func deleteSession(_ id: String) throws(ServiceError) {
        let session = try controlledSession(id)
        registry.remove(session)
        session.end()
        forgetState(of: session, reason: .deleted)
        logger.info("session deleted", metadata: ["session": "\(session.token.short)"])
    }

    /// `POST /sessions/{id}/timer`.
    func setTimer(_ id: String, _ request: SleepTimerRequest) throws(ServiceError) -> SleepTimerInfo {
        let session = try controlledSession(id)
        let timer = try SleepTimer(request)
        session.setTimer(timer)
        session.touch()
        logger.info("sleep timer set", metadata: ["session": "\(session.token.short)", "fade_out_after_s": "\(request.fadeOutAfter)",
                                                  "fade_s": "\(timer.fadeSeconds)"])
        return timer.info()
    }

    /// `DELETE /sessions/{id}/timer`: the session plays on (a fade under way comes back up).
    func cancelTimer(_ id: String) throws(ServiceError) {
        let session = try controlledSession(id)
        guard session.timer != nil else { throw .notFound("this session has no sleep timer") }
        session.setTimer(nil)
        session.touch()
    }

    /// Ends the sessions whose sleep timer has run out: by then the render head, a lead
    /// ahead of the clock, has handed the listeners the whole fade, so they get the end of
    /// the stream after it.
    func endSleptSessions(now: NIODeadline = .now()) {
        for session in registry.sessions {
            guard let timer = session.timer, timer.end <= now else { continue }
            registry.remove(session, reason: .slept)
            session.end()
            forgetState(of: session, reason: .slept)
            logger.info("session ended by its sleep timer", metadata: ["session": "\(session.token.short)"])
        }
    }

    /// A session as the API describes it. A listen-only caller does not see the control token.
    func describe(_ session: Session, baseURL: String, control: Bool) -> SessionInfo {
        SessionInfo(
            id: control ? session.token.text : nil,
            listenID: session.listenToken.text,
            streamURL: control ? "\(baseURL)/stream?id=\(session.token)" : nil,
            listenURL: "\(baseURL)/stream?id=\(session.listenToken)",
            hlsURL: "\(baseURL)/hls/\(session.listenToken)/live.m3u8",
            preset: session.presetName, seed: session.seed, listeners: session.listenerCount,
            uptimeSeconds: Self.rounded(Double((NIODeadline.now() - session.createdAt).nanoseconds) * 1e-9, places: 1),
            renderLoad: Self.rounded(session.renderLoad, places: 4), level: Self.rounded(Double(session.level), places: 4),
            params: Self.dictionary(session.parameters.current.externalValues),
            outputs: control ? session.outputs.all.map(\.summary) : nil, revision: session.parameters.revision, timer: session.timer?.info())
    }

    /// `GET /params`: the schema every knob, preset and URL is checked against.
    static let schema = SchemaReply(params: ParameterSchema.specs.map(\.row))

    static func dictionary(_ values: [(key: String, value: ParameterValue)]) -> [String: ParameterValue] {
        Dictionary(uniqueKeysWithValues: values.map { ($0.key, $0.value) })
    }

    private static func rounded(_ value: Double, places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (value * scale).rounded() / scale
    }
}
