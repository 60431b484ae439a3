/// Why a request was refused, as a status and a message a user can act on. The HTTP layer
/// turns it into a reply; the service itself knows nothing of HTTP.
struct ServiceError: Error, Sendable, CustomStringConvertible {
    enum Kind: Sendable, Equatable {
        case badRequest, unauthorized, forbidden, notFound, conflict, payloadTooLarge, unavailable, internalError
        case uriTooLong, headersTooLarge, tooManyParameters
        /// Over the per-client rate; the client may retry after this many seconds.
        case tooManyRequests(retryAfter: Int)
        case methodNotAllowed(allowed: [String])
    }

    let kind: Kind

    /// Refusals by a server limit (sizes, counts, capacity): the operator wants a log line
    /// for each. (Rate-limit refusals are logged at most once a second per client instead.)
    var isLimit: Bool {
        switch kind {
        case .payloadTooLarge, .uriTooLong, .headersTooLarge, .tooManyParameters, .unavailable: true
        default: false
        }
    }
    let message: String

    var description: String { message }

    static func badRequest(_ message: String) -> ServiceError { ServiceError(kind: .badRequest, message: message) }
    static func forbidden(_ message: String) -> ServiceError { ServiceError(kind: .forbidden, message: message) }
    static func notFound(_ message: String) -> ServiceError { ServiceError(kind: .notFound, message: message) }
    static func unauthorized(_ message: String) -> ServiceError { ServiceError(kind: .unauthorized, message: message) }
    static func payloadTooLarge(_ message: String) -> ServiceError { ServiceError(kind: .payloadTooLarge, message: message) }
    static func unavailable(_ message: String) -> ServiceError { ServiceError(kind: .unavailable, message: message) }
    static func uriTooLong(_ message: String) -> ServiceError { ServiceError(kind: .uriTooLong, message: message) }
    static func headersTooLarge(_ message: String) -> ServiceError { ServiceError(kind: .headersTooLarge, message: message) }
    static func internalError(_ message: String) -> ServiceError { ServiceError(kind: .internalError, message: message) }
}
