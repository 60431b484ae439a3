import API
import Foundation
import NIOCore
import NIOHTTP1

/// `SynthcastControl` over the server's JSON API: requests and replies are the `API` module's
/// types, read and written with `APIJSON` as the server writes and reads them. Sends
/// `Authorization: Bearer TOKEN` when an admin token is given (a remote server lists its
/// sessions, and takes presets, only from the operator).
///
/// The requests go over SwiftNIO (`BlockingHTTPClient`), which the server uses anyway, rather
/// than Foundation's URLSession: that would load libcurl and some thirty libraries with it into
/// every `synthcast` process, a third of the start-up of a short `synthcast render`.
public final class HTTPControl: SynthcastControl {
    public let serverURL: String
    private let adminToken: String?
    /// The server's address, or why `serverURL` is not one this client can reach.
    private let connection: Result<(client: BlockingHTTPClient, basePath: String), ControlError>

    /// `baseURL`: `http://host[:port][/path]`, with or without a trailing slash.
    public init(baseURL: String, adminToken: String? = nil, timeout: TimeInterval = 3) {
        serverURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.adminToken = adminToken
        connection = Result { () throws(ControlError) in
            let address = try Self.address(of: baseURL)
            let client = BlockingHTTPClient(host: address.host, port: address.port, timeout: .milliseconds(Int64(timeout * 1000)))
            return (client, address.path)
        }
    }

    /// Where `baseURL` points: host, port (80 when not given) and base path (no trailing
    /// slash). Only plain `http` is spoken.
    public static func address(of baseURL: String) throws(ControlError) -> (host: String, port: Int, path: String) {
        guard let components = URLComponents(string: baseURL), let scheme = components.scheme?.lowercased(),
              var host = components.host, !host.isEmpty else {
            throw ControlError("not a server URL: '\(baseURL)'; one such as http://127.0.0.1:8000 is")
        }
        guard scheme == "http" else {
            throw ControlError("'\(baseURL)': only http:// is spoken here; for a server elsewhere, tunnel to it (ssh -L 8000:127.0.0.1:8000 HOST) and connect to http://127.0.0.1:8000")
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        return (host, components.port ?? 80, path)
    }

    public func knobs() throws(ControlError) -> [ParameterRow] {
        try call("GET", "/params", as: SchemaReply.self).params
    }

    public func sessions() throws(ControlError) -> [SessionInfo] {
        // Rows without a control token could not be changed from here; the server hands the
        // operator every token, so this drops nothing in practice.
        try call("GET", "/sessions", as: SessionList.self).sessions.filter { $0.id != nil }
    }

    public func session(_ id: String) throws(ControlError) -> SessionInfo {
        try controlled(call("GET", "/sessions/\(id)", as: SessionInfo.self), "GET /sessions/\(id.prefix(8))")
    }

    public func createSession(preset: String?) throws(ControlError) -> SessionInfo {
        let body = try Self.encoded(CreateSessionRequest(preset: preset), "POST /sessions")
        return try controlled(call("POST", "/sessions", body: body, as: SessionInfo.self), "POST /sessions")
    }

    public func endSession(_ id: String) throws(ControlError) {
        try Self.requireSuccess(exchange("DELETE", "/sessions/\(id)"), "DELETE /sessions/\(id.prefix(8))")
    }

    public func setParameters(_ values: [String: ParameterValue], of id: String) throws(ControlError) -> [String: ParameterValue] {
        let path = "/sessions/\(id)/params"
        return try call("PATCH", path, body: Self.encoded(values, "PATCH \(path)"), as: ParametersReply.self).params
    }

    public func loadPreset(_ name: String, into id: String, transition: Double? = nil) throws(ControlError) -> [String: ParameterValue] {
        let path = "/sessions/\(id)/preset"
        let request = LoadPresetRequest(name: name, transition: transition)
        return try call("POST", path, body: Self.encoded(request, "POST \(path)"), as: LoadPresetReply.self).params
    }

    public func setSleepTimer(of id: String, after seconds: Double) throws(ControlError) -> SleepTimerInfo {
        let path = "/sessions/\(id)/timer"
        return try call("POST", path, body: Self.encoded(SleepTimerRequest(fadeOutAfter: seconds), "POST \(path)"), as: SleepTimerInfo.self)
    }

    public func cancelSleepTimer(of id: String) throws(ControlError) {
        try Self.requireSuccess(exchange("DELETE", "/sessions/\(id)/timer"), "DELETE /sessions/\(id.prefix(8))/timer")
    }

    public func presets() throws(ControlError) -> [PresetSummary] {
        try call("GET", "/presets", as: PresetList.self).presets
    }

    public func savePreset(_ document: PresetDocument, overwrite: Bool) throws(ControlError) -> PresetSaveOutcome {
        let path = "/presets/\(Self.segment(document.name))" + (overwrite ? "?overwrite=true" : "")
        let endpoint = "PUT \(path)"
        let reply = try exchange("PUT", path, body: Self.encoded(document, endpoint))
        // 409: the name is taken and nothing changed. Asked to overwrite, a 409 is an error.
        if reply.status == 409, !overwrite { return .exists }
        try Self.requireSuccess(reply, endpoint)
        return try .saved(Self.decode(PresetSummary.self, from: reply.data, endpoint))
    }

    // MARK: HTTP

    /// A reply as it came: any status.
    struct Reply: Sendable {
        var status: Int
        var data: Data
    }

    /// One request whose 2xx reply is decoded as `Value`.
    private func call<Value: Decodable>(_ method: String, _ path: String, body: Data? = nil,
                                        as type: Value.Type) throws(ControlError) -> Value {
        let reply = try exchange(method, path, body: body)
        try Self.requireSuccess(reply, "\(method) \(path)")
        return try Self.decode(Value.self, from: reply.data, "\(method) \(path)")
    }

    /// A session the UI is to control must come with its control token.
    private func controlled(_ session: SessionInfo, _ endpoint: String) throws(ControlError) -> SessionInfo {
        guard session.id != nil else {
            throw ControlError("the reply to \(endpoint) has no control token, so this session cannot be controlled from here")
        }
        return session
    }

    /// One request, waited for.
    private func exchange(_ method: String, _ path: String, body: Data? = nil) throws(ControlError) -> Reply {
        let (client, basePath) = try connection.get()
        var headers = [("Accept", "application/json")]
        if let adminToken { headers.append(("Authorization", "Bearer \(adminToken)")) }
        if body != nil { headers.append(("Content-Type", "application/json")) }
        do {
            let reply = try client.send(HTTPMethod(rawValue: method), basePath + path, headers: headers, body: body.map(Array.init))
            return Reply(status: reply.status, data: Data(reply.body))
        } catch {
            throw ControlError(Self.describe(error, reaching: serverURL))
        }
    }

    private static func describe(_ failure: BlockingHTTPClient.Failure, reaching server: String) -> String {
        switch failure {
        case .cannotConnect(let reason): "cannot reach \(server): \(reason)"
        case .closed: "\(server) closed the connection before it replied"
        case .timedOut: "\(server) did not reply in time"
        case .other(let reason): "cannot talk to \(server): \(reason)"
        }
    }

    /// A non-2xx reply becomes the server's own message (its `ErrorBody`).
    static func requireSuccess(_ reply: Reply, _ endpoint: String) throws(ControlError) {
        guard !(200..<300).contains(reply.status) else { return }
        if let body = try? APIJSON.decoder().decode(ErrorBody.self, from: reply.data) { throw ControlError(body.error) }
        throw ControlError("\(endpoint) failed with HTTP \(reply.status)")
    }

    /// A reply as an API type; a reply of another shape is an error naming the endpoint.
    static func decode<Value: Decodable>(_ type: Value.Type, from data: Data, _ endpoint: String) throws(ControlError) -> Value {
        do {
            return try APIJSON.decoder().decode(Value.self, from: data)
        } catch {
            throw ControlError("the server's reply to \(endpoint) is not what this Synthcast expects: \(reason(error))")
        }
    }

    static func encoded(_ value: some Encodable, _ endpoint: String) throws(ControlError) -> Data {
        do {
            return try APIJSON.encoder().encode(value)
        } catch {
            // Only a number JSON cannot carry (NaN, infinity) gets here.
            throw ControlError("cannot send \(endpoint): \(error)")
        }
    }

    /// A decoding error in a line: which field, and what was wrong with it.
    private static func reason(_ error: any Error) -> String {
        let context: DecodingError.Context
        switch error as? DecodingError {
        case .keyNotFound(let key, let found)?:
            return "'\(dotted(found.codingPath + [key]))' is missing"
        case .typeMismatch(_, let found)?, .valueNotFound(_, let found)?, .dataCorrupted(let found)?:
            context = found
        default:
            return "\(error)"
        }
        return context.codingPath.isEmpty ? context.debugDescription : "'\(dotted(context.codingPath))': \(context.debugDescription)"
    }

    private static func dotted(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    /// A name as one URL path segment: a name the server would refuse still reaches it (and
    /// its message saying what names are allowed) instead of making a broken URL.
    private static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static var unreserved: CharacterSet {
        CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    }
}
