import NIOHTTP1

/// Every URL the server answers: the three URLs of the first users' contract, and the JSON
/// API beside them (docs/openapi.json describes it; a test holds the two to each other).
enum Routes {
    static let table: [Endpoint] = [
        Endpoint(.GET, "/", "the start page or the usage text", RouteHandlers.usage),
        Endpoint(.HEAD, "/", "the start page or the usage text", RouteHandlers.usage),
        // The first users' contract.
        Endpoint(.GET, "/create_stream", control: true, "creating a session", RouteHandlers.createStream),
        Endpoint(.GET, "/stream", "playing a session", RouteHandlers.stream),
        Endpoint(.HEAD, "/stream", "a stream's headers", RouteHandlers.stream),
        Endpoint(.GET, "/set_param", control: true, "changing a session", RouteHandlers.setParam),
        // Sessions.
        Endpoint(.GET, "/sessions", access: .operator, "listing sessions", RouteHandlers.listSessions),
        Endpoint(.POST, "/sessions", control: true, "creating a session", RouteHandlers.createSession),
        Endpoint(.GET, "/sessions/{id}", "reading a session", RouteHandlers.session),
        Endpoint(.DELETE, "/sessions/{id}", control: true, "ending a session", RouteHandlers.deleteSession),
        Endpoint(.GET, "/sessions/{id}/params", "reading a session's values", RouteHandlers.sessionParameters),
        Endpoint(.PATCH, "/sessions/{id}/params", control: true, "changing a session", RouteHandlers.patchParameters),
        Endpoint(.POST, "/sessions/{id}/preset", control: true, "loading a preset", RouteHandlers.loadPreset),
        Endpoint(.POST, "/sessions/{id}/timer", control: true, "setting a sleep timer", RouteHandlers.setTimer),
        Endpoint(.DELETE, "/sessions/{id}/timer", control: true, "cancelling a sleep timer", RouteHandlers.cancelTimer),
        Endpoint(.GET, "/sessions/{id}/download", "downloading a render of a session", RouteHandlers.download),
        // Pushing a session to Icecast mounts as their source.
        Endpoint(.GET, "/sessions/{id}/outputs", "listing a session's Icecast outputs", RouteHandlers.listOutputs),
        Endpoint(.POST, "/sessions/{id}/outputs", control: true, "adding an Icecast output", RouteHandlers.addOutput),
        Endpoint(.DELETE, "/sessions/{id}/outputs/{output}", control: true, "removing an Icecast output", RouteHandlers.deleteOutput),
        // The schema and the presets.
        Endpoint(.GET, "/params", "the parameter schema", RouteHandlers.schema),
        Endpoint(.GET, "/presets", "listing presets", RouteHandlers.presets),
        Endpoint(.GET, "/presets/{name}", "reading a preset", RouteHandlers.preset),
        Endpoint(.PUT, "/presets/{name}", access: .operator, control: true, "saving a preset", RouteHandlers.savePreset),
        Endpoint(.DELETE, "/presets/{name}", access: .operator, control: true, "deleting a preset", RouteHandlers.deletePreset),
        // HLS: the same audio as live playlists of cacheable segments.
        Endpoint(.GET, "/hls/{id}/live.m3u8", "an HLS playlist", RouteHandlers.hlsPlaylist),
        Endpoint(.HEAD, "/hls/{id}/live.m3u8", "an HLS playlist", RouteHandlers.hlsPlaylist),
        Endpoint(.GET, "/hls/{id}/live-ts.m3u8", "an HLS playlist of transport-stream segments", RouteHandlers.hlsTransportStreamPlaylist),
        Endpoint(.HEAD, "/hls/{id}/live-ts.m3u8", "an HLS playlist of transport-stream segments", RouteHandlers.hlsTransportStreamPlaylist),
        Endpoint(.GET, "/hls/{id}/{file}", "an HLS segment", RouteHandlers.hlsSegment),
        Endpoint(.HEAD, "/hls/{id}/{file}", "an HLS segment", RouteHandlers.hlsSegment),
        // The web page.
        Endpoint(.GET, "/play/{id}", "a session's page", RouteHandlers.playPage),
        Endpoint(.GET, "/web/{file}", "a file of the web page", RouteHandlers.webAsset),
        // The operator's view.
        Endpoint(.GET, "/health", "the health check", RouteHandlers.health),
        Endpoint(.HEAD, "/health", "the health check", RouteHandlers.health),
        Endpoint(.GET, "/metrics", "the metrics", RouteHandlers.metrics),
    ]

    /// The endpoint for a request and its path's `{parameters}`; 404 for an unknown path, 405
    /// naming the methods a known path takes.
    static func resolve(_ method: HTTPMethod, _ path: String) throws(ServiceError) -> (endpoint: Endpoint, parameters: [String]) {
        let segments = path.split(separator: "/")
        var allowed: [String] = []
        for endpoint in table {
            guard let parameters = endpoint.match(segments) else { continue }
            if endpoint.method == method { return (endpoint, parameters) }
            allowed.append(endpoint.method.rawValue)
        }
        guard allowed.isEmpty else {
            allowed.sort()
            throw ServiceError(kind: .methodNotAllowed(allowed: allowed),
                               message: "\(method.rawValue) is not supported on \(path.prefix(100)); allowed: \(allowed.joined(separator: ", "))")
        }
        throw .notFound("no such URL '\(path.prefix(100))'; GET / lists the URLs")
    }
}
