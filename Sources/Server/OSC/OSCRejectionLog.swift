import Logging
import NIOCore

/// Bad OSC messages logged at warning with the reason and the sender, at most
/// `linesPerSecond` lines a second: anyone can send datagrams, and a flood of garbage must not
/// fill the log. Past the limit messages are only counted, and one line at the end of that
/// second says how many were left out. Lives on the OSC channel's event loop.
final class OSCRejectionLog {
    static let linesPerSecond = 5

    private let logger: Logger
    private let eventLoop: any EventLoop
    private var windowEnd = NIODeadline.uptimeNanoseconds(0)
    private var lines = 0
    private var unlogged = 0

    init(logger: Logger, eventLoop: any EventLoop) {
        self.logger = logger
        self.eventLoop = eventLoop
    }

    /// `messages` refused for `reason`, from `sender`. Session tokens are cut short in the line.
    func note(_ reason: String, messages: Int, sender: String) {
        eventLoop.assertInEventLoop()
        let now = NIODeadline.now()
        if now >= windowEnd {
            summarize()
            windowEnd = now + .seconds(1)
            lines = 0
        }
        guard lines >= Self.linesPerSecond else {
            lines += 1
            logger.warning("bad OSC message refused", metadata: [
                "sender": "\(sender)", "reason": "\(SessionToken.redacting(Substring(reason)))",
                "messages": "\(messages)"])
            return
        }
        if unlogged == 0 {
            let log = NIOLoopBound(self, eventLoop: eventLoop)
            eventLoop.scheduleTask(deadline: windowEnd) { log.value.summarize() }
        }
        unlogged += messages
    }

    private func summarize() {
        guard unlogged > 0 else { return }
        logger.warning("\(unlogged) more bad OSC messages in the last second, not logged one by one",
                       metadata: ["limit_lines_per_s": "\(Self.linesPerSecond)"])
        unlogged = 0
    }
}
