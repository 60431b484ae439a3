/// What a request asks for: the three URLs of the first users' contract, and the JSON API
/// beside them. `endpoints` is the one table of paths and methods: requests resolve through
/// it, and a test holds `docs/openapi.json` to it.
enum Route: Equatable {
    case usage
    case createStream, stream, setParam
    case createSession, listSessions
    case session(String), deleteSession(String)
    case sessionParams(String), patchParams(String), loadPreset(String)
    case schema, presets, preset(String), health, metrics

    struct Endpoint: Sendable {
        /// A path such as `/sessions/{id}`; a `{name}` segment matches any one segment.
        let template: String
        let methods: [String: @Sendable (_ parameter: String) -> Route]
    }

    static let endpoints: [Endpoint] = [
        Endpoint(template: "/", methods: ["GET": { _ in .usage }, "HEAD": { _ in .usage }]),
        Endpoint(template: "/create_stream", methods: ["GET": { _ in .createStream }]),
        Endpoint(template: "/stream", methods: ["GET": { _ in .stream }, "HEAD": { _ in .stream }]),
        Endpoint(template: "/set_param", methods: ["GET": { _ in .setParam }]),
        Endpoint(template: "/sessions", methods: ["GET": { _ in .listSessions }, "POST": { _ in .createSession }]),
        Endpoint(template: "/sessions/{id}", methods: ["GET": { .session($0) }, "DELETE": { .deleteSession($0) }]),
        Endpoint(template: "/sessions/{id}/params", methods: ["GET": { .sessionParams($0) }, "PATCH": { .patchParams($0) }]),
        Endpoint(template: "/sessions/{id}/preset", methods: ["POST": { .loadPreset($0) }]),
        Endpoint(template: "/params", methods: ["GET": { _ in .schema }]),
        Endpoint(template: "/presets", methods: ["GET": { _ in .presets }]),
        Endpoint(template: "/presets/{name}", methods: ["GET": { .preset($0) }]),
        Endpoint(template: "/health", methods: ["GET": { _ in .health }, "HEAD": { _ in .health }]),
        Endpoint(template: "/metrics", methods: ["GET": { _ in .metrics }]),
    ]

    /// Requests that create, change or end sessions: these are rate-limited per client.
    var isControl: Bool {
        switch self {
        case .createStream, .setParam, .createSession, .deleteSession, .patchParams, .loadPreset: true
        default: false
        }
    }

    /// The first users' URLs answer in plain text unless asked for JSON; the API always in JSON.
    static func isContract(_ path: String) -> Bool {
        ["/", "/create_stream", "/stream", "/set_param"].contains(path)
    }

    /// The route for a method and path, or 404 for an unknown path, or 405 naming the
    /// methods the path takes.
    static func resolve(_ method: String, _ path: String) throws(ServiceError) -> Route {
        let segments = path.split(separator: "/").map(String.init)
        for endpoint in endpoints {
            guard let parameter = match(endpoint.template, segments) else { continue }
            if let route = endpoint.methods[method] { return route(parameter) }
            let allowed = endpoint.methods.keys.sorted()
            throw ServiceError(kind: .methodNotAllowed(allowed: allowed),
                               message: "\(method) is not supported on \(path.prefix(100)); allowed: \(allowed.joined(separator: ", "))")
        }
        throw .notFound("no such URL '\(path.prefix(100))'; GET / lists the URLs")
    }

    /// The `{...}` segment's value ("" if none) when `segments` fit the template, else nil.
    private static func match(_ template: String, _ segments: [String]) -> String? {
        let parts = template.split(separator: "/")
        guard parts.count == segments.count else { return nil }
        var parameter = ""
        for (part, segment) in zip(parts, segments) {
            if part.hasPrefix("{") { parameter = segment } else if part != segment { return nil }
        }
        return parameter
    }
}
