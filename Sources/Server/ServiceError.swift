/// Why a request was refused, as a status and a message a user can act on. The HTTP layer
/// turns it into a reply; the service itself knows nothing of HTTP.
struct ServiceError: Error, Sendable, CustomStringConvertible {
    enum Kind: Sendable { case badRequest, forbidden, notFound, methodNotAllowed, unavailable, internalError }

    let kind: Kind
    let message: String

    var description: String { message }

    static func badRequest(_ message: String) -> ServiceError { ServiceError(kind: .badRequest, message: message) }
    static func forbidden(_ message: String) -> ServiceError { ServiceError(kind: .forbidden, message: message) }
    static func notFound(_ message: String) -> ServiceError { ServiceError(kind: .notFound, message: message) }
    static func methodNotAllowed(_ message: String) -> ServiceError { ServiceError(kind: .methodNotAllowed, message: message) }
    static func unavailable(_ message: String) -> ServiceError { ServiceError(kind: .unavailable, message: message) }
    static func internalError(_ message: String) -> ServiceError { ServiceError(kind: .internalError, message: message) }
}
