import ArgumentParser
import Foundation
import Synth
import TestSupport

/// Minutes of the traffic a public server sees: steady listeners, and clients that come and
/// go, read slowly, stall, vanish without a goodbye, trickle their requests, change
/// parameters and create and delete sessions. Samples the server's resident memory and its
/// deadline misses as it goes.
struct Soak: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Churning clients for minutes; prints the server's resident memory over time, deadline misses and whether steady listeners kept real time.")

    @Option var port: Int
    @Option(help: "The server's process id, to read its resident memory.")
    var pid: Int32
    @Option var minutes = 5.0
    @Option(help: "Sessions, each with one steady listener for the whole run.")
    var sessions = 16
    @Option(help: "Client threads, each running one randomly chosen behaviour after another.")
    var churners = 32
    @Option(help: "Seconds between memory samples.")
    var sampleEvery = 10.0
    @Option var bitrate = 128

    func run() throws {
        let presets = ["default", "ambient-pad", "drone", "rain", "techno-pulse", "arpeggio", "bells", "ocean"]
        let tokens = try (0..<sessions).map { try createSessions(port: port, count: 1, query: "preset=\(presets[$0 % presets.count])")[0] }
        let steady = ListenerLoad(count: tokens.count)
        for (slot, token) in tokens.enumerated() { try steady.connect(slot: slot, port: port, target: "/stream?id=\(token)") }

        let tally = Tally()
        let stop = StopSignal()
        let serverPort = port
        let threads = (0..<churners).map { index in
            Thread {
                var random = SeededRandom(seed: UInt64(index) &+ 1)
                while !stop.isSet { Churn.runOne(port: serverPort, tokens: tokens, random: &random, tally: tally, stop: stop) }
                tally.finished()
            }
        }
        threads.forEach { $0.start() }

        let started = Date()
        let startBytes = try steady.snapshot().bytes
        var samples: [(minutes: Double, mebibytes: Double, misses: Int)] = []
        print(" minutes    RSS MiB  deadline miss    dropped client actions")
        while true {
            let elapsed = Date().timeIntervalSince(started)
            let metrics = try Metrics(port: port)
            let sample = (elapsed / 60, Double(residentKiB(pid)) / 1024, metrics.deadlineMisses)
            samples.append(sample)
            print(String(format: "%8.2f %10.1f %14d %10d ", sample.0, sample.1, sample.2, metrics.droppedListeners) + tally.summary)
            fflush(nil)
            guard elapsed < minutes * 60 else { break }
            Thread.sleep(forTimeInterval: min(sampleEvery, minutes * 60 - elapsed + 0.01))
        }
        stop.set()
        let window = Date().timeIntervalSince(started)
        let endState = try steady.snapshot()
        steady.stop()
        tally.waitForAll(churners, timeout: 30)

        let shares = tokens.indices.map { Double(endState.bytes[$0] - startBytes[$0]) / (window * Double(bitrate * 1000 / 8)) }
        let steadyClosed = endState.closed.filter { $0 }.count
        // Memory is judged after the first sample past one minute (sessions woken, pools warm).
        let settled = samples.filter { $0.minutes >= 1 }
        let third = max(1, settled.count / 3)
        let early = median(settled.prefix(third).map(\.mebibytes)), late = median(settled.suffix(third).map(\.mebibytes))
        let misses = (samples.last?.misses ?? 0) - (samples.first?.misses ?? 0)
        print()
        print(String(format: "resident memory: %.1f MiB at the start, median %.1f MiB in the first third after minute 1, %.1f MiB in the last third (%+.1f%%)",
                     samples.first?.mebibytes ?? 0, early, late, 100 * (late - early) / early))
        print("deadline misses during the run: \(misses)")
        print(String(format: "steady listeners: %d, real-time share min %.4f, median %.4f; closed by the server: %d",
                     shares.count, shares.min() ?? 0, median(shares), steadyClosed))
        print("client actions: \(tally.summary)")
    }
}

/// The server's figures from /metrics that the soak reports.
struct Metrics {
    let deadlineMisses: Int
    let droppedListeners: Int

    init(port: Int) throws {
        let text = try httpGet(port: port, "/metrics").text
        func value(_ name: String) -> Int {
            text.split(separator: "\n").first { $0.hasPrefix(name + " ") }
                .flatMap { Double($0.split(separator: " ").last ?? "") }.map { Int($0) } ?? 0
        }
        deadlineMisses = value("synthcast_deadline_misses_total")
        droppedListeners = value("synthcast_dropped_listeners_total")
    }
}

/// One client's behaviours, each a whole visit to the server.
enum Churn {
    static func runOne(port: Int, tokens: [String], random: inout SeededRandom, tally: Tally, stop: StopSignal) {
        let token = tokens[random.below(tokens.count)]
        let roll = random.below(100)
        let name: String
        do {
            switch roll {
            case 0..<30: name = "listen"; try listen(port, token, seconds: 1 + Double(random.below(7)), stop: stop)
            case 30..<40: name = "slow"; try slowReader(port, token, stop: stop)
            case 40..<60: name = "vanish"; try vanish(port, token, after: 0.2 + Double(random.below(8)) / 10)
            case 60..<65: name = "stall"; try stall(port, token, stop: stop)
            case 65..<70: name = "trickle"; try trickle(port, stop: stop)
            case 70..<90: name = "control"; try control(port, token, random: &random, tally: tally)
            default: name = "create-delete"; try createAndDelete(port, tally: tally)
            }
            tally.count(name)
        } catch {
            tally.count("error")
        }
    }

    /// A player that listens for a while and leaves politely.
    static func listen(_ port: Int, _ token: String, seconds: Double, stop: StopSignal) throws {
        let capture = try StreamCapture(port: port, "/stream?id=\(token)")
        capture.read(for: stop.isSet ? 0 : seconds)
    }

    /// Reads a quarter of real time until the server drops it (past --max-lag) or 12 s pass.
    static func slowReader(_ port: Int, _ token: String, stop: StopSignal) throws {
        let connection = try TestConnection(port: port, receiveBuffer: 4096)
        try connection.get("/stream?id=\(token)")
        let deadline = Date().addingTimeInterval(12)
        while Date() < deadline, !stop.isSet {
            guard connection.receive(timeout: 0.05, maximum: 2048) != nil else { return }
            Thread.sleep(forTimeInterval: 0.5)
        }
    }

    /// Gone mid-stream with a reset, as a killed player or a dropped network.
    static func vanish(_ port: Int, _ token: String, after seconds: Double) throws {
        let capture = try StreamCapture(port: port, "/stream?id=\(token)")
        capture.read(for: seconds)
        capture.resetOnClose()
    }

    /// Asks for the stream and never reads it.
    static func stall(_ port: Int, _ token: String, stop: StopSignal) throws {
        let connection = try TestConnection(port: port, receiveBuffer: 4096)
        try connection.get("/stream?id=\(token)")
        let deadline = Date().addingTimeInterval(8)
        while Date() < deadline, !stop.isSet { Thread.sleep(forTimeInterval: 0.1) }
    }

    /// Half a request, then nothing: the server's request timeout must close it.
    static func trickle(_ port: Int, stop: StopSignal) throws {
        let connection = try TestConnection(port: port)
        try connection.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        _ = connection.waitForClose(timeout: 20)
    }

    static func control(_ port: Int, _ token: String, random: inout SeededRandom, tally: Tally) throws {
        let changes = ["cutoff=\(200 + random.below(6000))", "reverb_mix=0.\(random.below(10))", "tempo=\(70 + random.below(80))",
                       "wave=\(["saw", "pulse", "triangle", "sine"][random.below(4)])"]
        let response = try httpGet(port: port, "/set_param?id=\(token)&\(changes[random.below(changes.count)])")
        tally.count("status \(response.status)")
        Thread.sleep(forTimeInterval: 0.2)
    }

    /// A session made over the JSON API, listened to briefly, and deleted.
    static func createAndDelete(_ port: Int, tally: Tally) throws {
        let created = try httpRequest(port: port, "POST", "/sessions", body: #"{"preset": "drone"}"#)
        tally.count("status \(created.status)")
        guard created.status == 201,
              let object = try JSONSerialization.jsonObject(with: Data(created.body)) as? [String: Any],
              let id = object["id"] as? String else { return }
        let capture = try StreamCapture(port: port, "/stream?id=\(id)")
        capture.read(for: 1)
        tally.count("status \(try httpRequest(port: port, "DELETE", "/sessions/\(id)").status)")
    }
}

/// Counts of what the clients did and what the server answered, shared by their threads.
final class Tally: @unchecked Sendable {
    private let lock = NSCondition()
    private var counts: [String: Int] = [:]
    private var finishedThreads = 0

    func count(_ name: String) { lock.withLock { counts[name, default: 0] += 1 } }

    var summary: String {
        lock.withLock { counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") }
    }

    func finished() {
        lock.withLock { finishedThreads += 1 }
        lock.broadcast()
    }

    func waitForAll(_ count: Int, timeout: Double) {
        let deadline = Date().addingTimeInterval(timeout)
        lock.withLock { while finishedThreads < count, lock.wait(until: deadline) {} }
    }
}

final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
