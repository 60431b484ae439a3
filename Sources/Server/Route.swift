import NIOHTTP1

/// What a request asks for: the three URLs of the first users' contract, and the JSON API
/// beside them. Resolving a method and path gives a route, a 404 for an unknown path, or a
/// 405 naming the methods the path takes.
enum Route: Equatable {
    case usage
    case createStream, stream, setParam
    case createSession, listSessions
    case session(String), deleteSession(String)
    case sessionParams(String), patchParams(String), loadPreset(String)
    case schema, presets, preset(String), health

    /// The first users' URLs answer in plain text unless asked for JSON; the API always in JSON.
    static func isContract(_ path: String) -> Bool {
        ["/", "/create_stream", "/stream", "/set_param"].contains(path)
    }

    static func resolve(_ method: HTTPMethod, _ path: String) throws(ServiceError) -> Route {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let byMethod: [String: Route]
        switch segments.count {
        case 0: byMethod = ["GET": .usage, "HEAD": .usage]
        case 1:
            switch segments[0] {
            case "create_stream": byMethod = ["GET": .createStream]
            case "stream": byMethod = ["GET": .stream, "HEAD": .stream]
            case "set_param": byMethod = ["GET": .setParam]
            case "sessions": byMethod = ["GET": .listSessions, "POST": .createSession]
            case "params": byMethod = ["GET": .schema]
            case "presets": byMethod = ["GET": .presets]
            case "health": byMethod = ["GET": .health, "HEAD": .health]
            default: byMethod = [:]
            }
        case 2 where segments[0] == "sessions":
            byMethod = ["GET": .session(segments[1]), "DELETE": .deleteSession(segments[1])]
        case 2 where segments[0] == "presets":
            byMethod = ["GET": .preset(segments[1])]
        case 3 where segments[0] == "sessions" && segments[2] == "params":
            byMethod = ["GET": .sessionParams(segments[1]), "PATCH": .patchParams(segments[1])]
        case 3 where segments[0] == "sessions" && segments[2] == "preset":
            byMethod = ["POST": .loadPreset(segments[1])]
        default:
            byMethod = [:]
        }
        if let route = byMethod[method.rawValue] { return route }
        guard !byMethod.isEmpty else {
            throw .notFound("no such URL '\(path.prefix(100))'; GET / lists the URLs")
        }
        let allowed = byMethod.keys.sorted()
        throw ServiceError(kind: .methodNotAllowed(allowed: allowed),
                           message: "\(method.rawValue) is not supported on \(path.prefix(100)); allowed: \(allowed.joined(separator: ", "))")
    }
}
