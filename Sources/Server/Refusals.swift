import Logging

/// Turns a refusal thrown by any later stage or handler (or failing a deferred reply) into its
/// reply: plain text, or `{"error": ...}` for JSON clients and on the JSON API. Refusals by a
/// server limit get a log line each, so an operator sees who was turned away and why.
struct Refusals: Middleware {
    let logger: Logger

    func respond(to request: HTTPRequest, endpoint: Endpoint?,
                 next: (HTTPRequest) throws(ServiceError) -> Response) throws(ServiceError) -> Response {
        do {
            let response = try next(request)
            guard case .later(let reply) = response else { return response }
            return .later(reply.recover { [self] error in refuse(error as? ServiceError ?? .internalError("\(error)"), request, endpoint) })
        } catch {
            return .reply(refuse(error, request, endpoint))
        }
    }

    private func refuse(_ error: ServiceError, _ request: HTTPRequest, _ endpoint: Endpoint?) -> Reply {
        if error.isLimit {
            logger.notice("request refused", metadata: [
                "peer": "\(request.peer?.description ?? "?")", "status": "\(error.kind.status.code)",
                "request": "\(request.method) \(SessionToken.redacting(request.head.uri.prefix(200)).prefix(80))", "reason": "\(error.message)"])
        }
        let json = request.wantsJSON || !(endpoint?.answersInText ?? Endpoint.answersInText(request.path))
        return .error(error, json: json)
    }
}
