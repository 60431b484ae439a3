/// Why a session ended: what a late player, or one coming back after a restart, is told.
enum SessionEnding: String, Sendable {
    case deleted
    case expired
    case expiredWhileDown = "expired_while_down"
    case slept

    var explanation: String {
        switch self {
        case .deleted: "was deleted"
        case .slept: "has ended: its sleep timer ran out"
        case .expired: "has expired (no listeners and no control calls for the idle timeout)"
        case .expiredWhileDown: "has expired (no listeners and no control calls for the idle timeout, the server's downtime included)"
        }
    }
}
