import API
import Logging

/// Control requests (creating, changing and ending sessions, saving presets) are limited per
/// client address by `ControlRateLimiter`; past it, 429 with Retry-After, and one log line a
/// second per client.
struct ControlRateLimit: Middleware {
    let limiter: ControlRateLimiter
    let logger: Logger

    func respond(to request: HTTPRequest, endpoint: Endpoint?,
                 next: (HTTPRequest) throws(ServiceError) -> Response) throws(ServiceError) -> Response {
        guard let endpoint, endpoint.isControl else { return try next(request) }
        let client = request.peer?.ipAddress ?? "?"
        guard case .refused(let retryAfter, let logged) = limiter.admit(client) else { return try next(request) }
        if let logged {
            logger.notice("request refused: control rate limit", metadata: [
                "peer": "\(client)", "refused_since_last_line": "\(logged)", "limit_per_s": "\(limiter.rate)"])
        }
        throw ServiceError(kind: .tooManyRequests(retryAfter: retryAfter),
                           message: "too many control requests from \(client): the limit is \(NumberText.format(limiter.rate)) a second "
                               + "(bursts of \(Int(limiter.burst))); retry in \(retryAfter) s")
    }
}
