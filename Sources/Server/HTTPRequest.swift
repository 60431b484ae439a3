import API
import Foundation
import NIOCore
import NIOHTTP1
import Synth

/// One whole request (NIO's aggregator gathered its body) with what the middleware and the
/// handlers ask of it: the path, its `{parameter}`, the query, the body decoded as one of the
/// API's types, whether the client wants JSON, and where it came from.
struct HTTPRequest: Sendable {
    let head: HTTPRequestHead
    let body: ByteBuffer?
    /// The client's address (for rate limits and operator access).
    let peer: SocketAddress?
    /// The loop the connection runs on: deferred work answers back on it.
    let eventLoop: EventLoop
    /// Completes when the client's connection closes: long work for it can stop then.
    let closeFuture: EventLoopFuture<Void>
    /// The path without query or fragment.
    let path: String
    /// The `{...}` segments of the endpoint's template this request matched, in order.
    var pathParameters: [String] = []
    /// The first of them ("" if none): the session or preset most endpoints are about.
    var pathParameter: String { pathParameters.first ?? "" }
    /// `host:port` the server listens on, for URLs when the request has no usable Host header.
    private let authority: String

    init(head: HTTPRequestHead, body: ByteBuffer?, peer: SocketAddress?, eventLoop: EventLoop, closeFuture: EventLoopFuture<Void>, authority: String) {
        self.head = head
        self.body = body
        self.peer = peer
        self.eventLoop = eventLoop
        self.closeFuture = closeFuture
        path = String(head.uri.prefix { $0 != "?" && $0 != "#" })
        self.authority = authority
    }

    /// `http://host:port` for URLs in replies: the Host header if sane, else the bound address.
    var baseURL: String {
        let host = head.headers["Host"].first ?? ""
        let saneHost = !host.isEmpty && host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".-:[]".contains($0)) }
        return "http://\(saneHost ? host : authority)"
    }

    var method: HTTPMethod { head.method }

    /// Replies in JSON: always on the API, on the first users' URLs when asked for.
    var wantsJSON: Bool {
        head.headers["Accept"].contains { $0.lowercased().contains("application/json") }
    }

    func query() throws(ServiceError) -> QueryParameters { try QueryParameters(target: head.uri) }

    /// The body as one of the API's request types. A field the type does not have is refused
    /// by name (a misspelt field must not be ignored), and so is a value of the wrong kind.
    func decode<Body: RequestBody>(_ type: Body.Type, emptyMeans empty: Body? = nil) throws(ServiceError) -> Body {
        guard let data = bodyData else {
            if let empty { return empty }
            throw .badRequest("this request needs a JSON object body")
        }
        let fields = try jsonObject(data)
        if let stray = fields.keys.sorted().first(where: { !Body.fieldNames.contains($0) }) {
            throw .badRequest("unknown field '\(stray)'; allowed: \(Body.fieldNames.sorted().joined(separator: ", "))")
        }
        do { return try APIJSON.decoder().decode(Body.self, from: data) } catch let error as DecodingError {
            throw .badRequest(Self.explain(error))
        } catch {
            throw .badRequest("cannot read the body: \(error)")
        }
    }

    /// A bare `{key: value}` body of parameter values, checked against the schema.
    func parameterValues() throws(ServiceError) -> [(key: String, value: ParameterValue)] {
        guard let data = bodyData else { throw .badRequest("this request needs a JSON object body") }
        let fields = try jsonObject(data)
        do {
            return try fields.keys.sorted().map { key throws(ParameterError) in (key, try ParameterValue(json: fields[key]!, key: key)) }
        } catch {
            throw .badRequest(error.description)
        }
    }

    private var bodyData: Data? {
        guard let body, body.readableBytes > 0 else { return nil }
        return Data(body.readableBytesView)
    }

    /// The body parsed as a JSON object, or a message naming the line and column of the fault.
    private func jsonObject(_ data: Data) throws(ServiceError) -> [String: JSONValue] {
        let document: JSONValue
        do { document = try JSONValue.parse(data) } catch {
            let place = error.position.map { " at line \($0.line), column \($0.column)" } ?? ""
            throw .badRequest("invalid JSON\(place): \(error.detail)")
        }
        guard case .object(let fields) = document else { throw .badRequest("the body must be a JSON object") }
        return fields
    }

    /// A decoding error as the field it is about and what that field takes. A parameter in
    /// `params` is named by its key alone, as the schema's own messages name it.
    private static func explain(_ error: DecodingError) -> String {
        func name(_ path: [CodingKey]) -> String {
            let keys = path.map(\.stringValue)
            return keys.count == 2 && keys[0] == "params" ? keys[1] : keys.joined(separator: ".")
        }
        func expected(_ type: Any.Type) -> String {
            if type == String.self { return "a string" }
            if type == Bool.self { return "true or false" }
            if String(describing: type).hasPrefix("Dictionary") { return "an object of key: value" }
            return "a number, a string or true/false"
        }
        let path: [CodingKey], what: String
        switch error {
        case .keyNotFound(let key, let context): return "'\(name(context.codingPath + [key]))' is required"
        case .typeMismatch(let type, let context): (path, what) = (context.codingPath, expected(type))
        case .valueNotFound(let type, let context): (path, what) = (context.codingPath, expected(type) + ", not null")
        case .dataCorrupted(let context): (path, what) = (context.codingPath, context.debugDescription)
        @unknown default: return "cannot read the body: \(error)"
        }
        guard !path.isEmpty else { return "cannot read the body: \(what)" }
        return "'\(name(path))' must be \(what)"
    }
}

extension HTTPRequest {
    /// JSON bodies are small; NIO's aggregator answers 413 past this.
    static let maximumBody = 64 * 1024
}
