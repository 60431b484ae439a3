/// A stage every request passes on its way to its endpoint's handler: it may refuse the
/// request (throw), answer it itself, or change the response on its way out. Cross-cutting
/// rules (CORS, limits, rate limits, operator access) are stages in front of the router
/// rather than branches inside the handlers.
protocol Middleware: Sendable {
    func respond(to request: HTTPRequest, endpoint: Endpoint?,
                 next: (HTTPRequest) throws(ServiceError) -> Response) throws(ServiceError) -> Response
}

/// Runs a request through the stages in order, then `handler` (the endpoint's, or the router's
/// refusal). `endpoint` is nil for a path or method the router does not know: the stages still
/// run, since a preflight or a limit does not depend on it.
struct MiddlewareChain: Sendable {
    let stages: [any Middleware]

    func respond(to request: HTTPRequest, endpoint: Endpoint?,
                 handler: (HTTPRequest) throws(ServiceError) -> Response) throws(ServiceError) -> Response {
        try run(stages[...], request, endpoint, handler)
    }

    private func run(_ stages: ArraySlice<any Middleware>, _ request: HTTPRequest, _ endpoint: Endpoint?,
                     _ handler: (HTTPRequest) throws(ServiceError) -> Response) throws(ServiceError) -> Response {
        guard let stage = stages.first else { return try handler(request) }
        return try stage.respond(to: request, endpoint: endpoint) { (request: HTTPRequest) throws(ServiceError) -> Response in
            try run(stages.dropFirst(), request, endpoint, handler)
        }
    }
}
