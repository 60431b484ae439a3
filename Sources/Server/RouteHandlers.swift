import API
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synth

/// The endpoints' handlers: each reads its request (query, path parameter, typed body),
/// calls the service and answers with one of the API's types. Work that blocks (reading
/// preset files, setting up a synth and LAME, writing a preset) goes to the blocking pool.
struct RouteHandlers: Sendable {
    let service: StreamService
    let blockingPool: NIOThreadPool
    let web: WebAssets

    // MARK: The first users' URLs

    /// `GET /create_stream`: the token as text, or the session as JSON.
    func createStream(_ request: HTTPRequest) throws(ServiceError) -> Response {
        let query = try request.query()
        let service = service, wantsJSON = request.wantsJSON, baseURL = request.baseURL
        return offLoop(request) { () throws(ServiceError) -> Reply in
            let session = try service.createSession(query)
            return wantsJSON ? .json(service.describe(session, baseURL: baseURL, control: true), status: .created) : .text(session.token.text)
        }
    }

    /// `GET /set_param`: the values now in force, `key=value` a line (or JSON).
    func setParam(_ request: HTTPRequest) throws(ServiceError) -> Response {
        let values = try service.setParameters(try request.query())
        if request.wantsJSON { return .reply(.json(ParametersReply(params: StreamService.dictionary(values)))) }
        return .reply(.text(values.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")))
    }

    /// `GET /stream` (and HEAD): the live stream, its headers alone, or Safari's range probe.
    func stream(_ request: HTTPRequest) throws(ServiceError) -> Response {
        let (session, _) = try service.registry.find(try request.query().value(of: "id"))
        let start = StreamStart(session: session, request: request, configuration: service.configuration)
        if request.method == .HEAD { return .reply(start.headersOnly) }
        if let probe = RangeProbe(request.head.headers["Range"].first) {
            let bytes: [UInt8]
            do { bytes = try probe.firstBytes(of: service.configuration.encoderConfiguration) } catch {
                throw .internalError("cannot answer the range probe: \(error)")
            }
            return .reply(Reply(status: HTTPResponseStatus(statusCode: probe.statusCode), contentType: probe.contentType,
                                body: bytes, headers: [("Content-Range", probe.contentRange)]))
        }
        if !session.isPlaying { try service.admit("waking this quiet session") }
        return .stream(start)
    }

    // MARK: Sessions

    func listSessions(_ request: HTTPRequest) throws(ServiceError) -> Response {
        let sessions = service.registry.sessions.sorted { $0.createdAt < $1.createdAt }
        return .reply(.json(SessionList(sessions: sessions.map { service.describe($0, baseURL: request.baseURL, control: true) })))
    }

    func createSession(_ request: HTTPRequest) throws(ServiceError) -> Response {
        let body = try request.decode(CreateSessionRequest.self, emptyMeans: CreateSessionRequest())
        let service = service, baseURL = request.baseURL
        return offLoop(request) { () throws(ServiceError) -> Reply in
            .json(service.describe(try service.createSession(body), baseURL: baseURL, control: true), status: .created)
        }
    }

    func session(_ request: HTTPRequest) throws(ServiceError) -> Response {
        let (session, access) = try service.registry.find(request.pathParameter)
        return .reply(.json(service.describe(session, baseURL: request.baseURL, control: access == .control)))
    }

    func deleteSession(_ request: HTTPRequest) throws(ServiceError) -> Response {
        try service.deleteSession(request.pathParameter)
        return .reply(.noContent)
    }

    func sessionParameters(_ request: HTTPRequest) throws(ServiceError) -> Response {
        let (session, _) = try service.registry.find(request.pathParameter)
        return .reply(.json(ParametersReply(params: StreamService.dictionary(session.parameters.current.externalValues))))
    }

    func patchParameters(_ request: HTTPRequest) throws(ServiceError) -> Response {
        let glide = try GlideTime.parse(try request.query().value(of: "glide"))
        return .reply(.json(try service.patchParameters(request.pathParameter, try request.parameterValues(), glide: glide)))
    }

    func setTimer(_ request: HTTPRequest) throws(ServiceError) -> Response {
        .reply(.json(try service.setTimer(request.pathParameter, try request.decode(SleepTimerRequest.self))))
    }

    func cancelTimer(_ request: HTTPRequest) throws(ServiceError) -> Response {
        try service.cancelTimer(request.pathParameter)
        return .reply(.noContent)
    }

    func loadPreset(_ request: HTTPRequest) throws(ServiceError) -> Response {
        .reply(.json(try service.loadPreset(into: request.pathParameter, try request.decode(LoadPresetRequest.self))))
    }

    // MARK: Schema and presets

    func schema(_ request: HTTPRequest) -> Response { .reply(.json(StreamService.schema)) }

    func presets(_ request: HTTPRequest) throws(ServiceError) -> Response {
        .reply(.json(try service.presetList()))
    }

    /// One preset as its JSON file has it.
    func preset(_ request: HTTPRequest) throws(ServiceError) -> Response {
        let preset = try service.loadPreset(named: request.pathParameter, missing: .notFound)
        return .reply(Reply(contentType: "application/json", body: Array(preset.jsonData())))
    }

    /// `PUT /presets/{name}[?overwrite=true]`: 201 created, 200 replaced.
    func savePreset(_ request: HTTPRequest) throws(ServiceError) -> Response {
        let overwrite = try Self.flag(try request.query().value(of: "overwrite"), named: "overwrite")
        let service = service, name = request.pathParameter
        let body = request.body.map { Data($0.readableBytesView) }
        return offLoop(request) { () throws(ServiceError) -> Reply in
            let saved = try service.savePreset(named: name, json: body, overwrite: overwrite)
            return .json(saved.summary, status: saved.created ? .created : .ok)
        }
    }

    func deletePreset(_ request: HTTPRequest) throws(ServiceError) -> Response {
        let service = service, name = request.pathParameter
        return offLoop(request) { () throws(ServiceError) -> Reply in
            try service.deletePreset(named: name)
            return .noContent
        }
    }

    // MARK: Operations

    func health(_ request: HTTPRequest) -> Response { .reply(.json(HealthReply(sessions: service.registry.count))) }

    func metrics(_ request: HTTPRequest) -> Response {
        var reply = Reply.text(service.statistics.exposition(sessions: service.registry.sessions))
        reply.contentType = "text/plain; version=0.0.4; charset=utf-8"
        return .reply(reply)
    }

    // MARK: Helpers

    /// Runs blocking work on the blocking pool; its reply (or refusal) comes back on the
    /// connection's loop.
    private func offLoop(_ request: HTTPRequest, _ work: @escaping @Sendable () throws(ServiceError) -> Reply) -> Response {
        .later(blockingPool.runIfActive(eventLoop: request.eventLoop) { try work() })
    }

    private static func flag(_ text: String?, named name: String) throws(ServiceError) -> Bool {
        switch text?.lowercased() {
        case nil, "false", "0", "no": false
        case "true", "1", "yes": true
        default: throw .badRequest("'\(name)' takes true or false, got '\(text!.prefix(20))'")
        }
    }

    static let usage = """
        Synthcast streaming server
          GET /create_stream[?preset=NAME&seed=N&key=value...]   -> a session token
          GET /stream?id=TOKEN                                   -> the endless MP3 stream
          GET /set_param?id=TOKEN&key=value[&key=value...]       -> the values now in force
        Send `Accept: application/json` for JSON replies, `Icy-MetaData: 1` for stream titles.
        The JSON API (sessions, parameters, presets) is described in docs/openapi.json.
        In a browser, / is the start page and /play/TOKEN a session's page.
        """
}
