import Synchronization

/// Commands posted from other threads (the server worker, signal handlers) for the UI loop,
/// which takes them all each tick.
final class Inbox: Sendable {
    private let commands = Mutex<[Command]>([])

    func post(_ command: Command) {
        commands.withLock { $0.append(command) }
    }

    func takeAll() -> [Command] {
        commands.withLock { commands in
            defer { commands.removeAll(keepingCapacity: true) }
            return commands
        }
    }
}
