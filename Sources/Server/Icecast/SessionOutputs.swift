import NIOConcurrencyHelpers

/// A session's Icecast outputs. Its lock is never held while calling into an output or the
/// session, so the session may ask it things under its own lock.
final class SessionOutputs: Sendable {
    static let limit = 4

    private let outputs = NIOLockedValueBox<[IcecastOutput]>([])

    var all: [IcecastOutput] { outputs.withLockedValue { $0 } }
    /// Whether an output still streams or tries to: a failed one does not keep its session.
    var areLive: Bool { all.contains { $0.currentState != .failed } }

    /// Adds `output` unless the session has `limit` already; false then.
    func add(_ output: IcecastOutput) -> Bool {
        outputs.withLockedValue { outputs in
            guard outputs.count < Self.limit else { return false }
            outputs.append(output)
            return true
        }
    }

    func remove(id: String) -> IcecastOutput? {
        outputs.withLockedValue { outputs in
            guard let index = outputs.firstIndex(where: { $0.id == id }) else { return nil }
            return outputs.remove(at: index)
        }
    }

    func removeAll() -> [IcecastOutput] {
        outputs.withLockedValue { outputs in
            defer { outputs.removeAll() }
            return outputs
        }
    }
}
