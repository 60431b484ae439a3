import Foundation

/// A one-line progress bar on stderr, drawn only when stderr is a terminal and at most
/// ten times a second.
final class ProgressBar {
    private let total: Int64
    private let enabled: Bool
    private var lastDrawn = ContinuousClock.now - .seconds(1)
    private var drewAnything = false

    init(total: Int64, enabled: Bool) {
        self.total = max(total, 1)
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
    }

    func update(_ done: Int64) {
        guard enabled else { return }
        let now = ContinuousClock.now
        guard now - lastDrawn >= .milliseconds(100) || done == total else { return }
        lastDrawn = now
        let fraction = Double(done) / Double(total)
        let width = 40
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        FileHandle.standardError.write(Data("\r\(bar) \(String(format: "%3.0f", fraction * 100)) %".utf8))
        drewAnything = true
    }

    func finish() {
        if drewAnything { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
