// Load and latency figures for the streaming server, measured from outside it as players
// would: `bench/server` starts `synthcast serve` and runs these against it.
//
//   ServerBench listeners --port P --sessions N --per-session M --seconds S [--preset NAME] [--pid PID]
//   ServerBench listeners --port P --paths /a,/b --per-session M --seconds S --pid PID   (a peer server)
//   ServerBench first-bytes --port P [--path /mount] [--running]
//   ServerBench latency --port P --changes N
//   ServerBench create --port P --sessions N
//   ServerBench soak --port P --pid PID [--minutes M] [--sessions N] [--churners C]
//   ServerBench hls-viewers --port P --playlist /hls/ID/live.m3u8 --viewers N --seconds S [--pid PID]
import ArgumentParser
import Foundation
import TestSupport

@main
struct ServerBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load, fan-out and latency figures for a running synthcast server.",
        subcommands: [Listeners.self, FirstBytes.self, Latency.self, Create.self, Soak.self, HLSViewers.self]
    )
}

/// Creates sessions and returns their tokens; a 503 (admission control) is skipped when
/// `allowRefusals`, else an error.
func createSessions(port: Int, count: Int, query: String, allowRefusals: Bool = false) throws -> [String] {
    try (0..<count).compactMap { _ in
        let response = try httpGet(port: port, "/create_stream" + (query.isEmpty ? "" : "?" + query))
        if response.status == 503, allowRefusals { return nil }
        guard response.status == 200 else { throw TestClientError("create_stream: \(response.statusLine) \(response.text)") }
        return response.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
}

struct Listeners: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "N sessions with M listeners each; prints how many kept real time over the window.")

    @Option var port: Int
    @Option(help: "Streams to listen to, comma-separated paths (a peer server's mounts), instead of creating sessions.")
    var paths: String?
    @Option(help: "The server's process id: its CPU time over the window is reported per listener-second.")
    var pid: Int32?
    @Option var sessions = 1
    @Option var perSession = 1
    @Option var seconds = 20.0
    @Option var warmup = 3.0
    @Option var preset = "default"
    @Option(help: "Stream bitrate in kbps, to know what real time is in bytes.")
    var bitrate = 128
    @Flag var tsv = false
    @Flag(help: "Count 503 replies (admission control) instead of failing on them.")
    var allowRefusals = false

    func run() throws {
        let targets = try paths.map { $0.split(separator: ",").map(String.init) }
            ?? createSessions(port: port, count: sessions, query: "preset=\(preset)", allowRefusals: allowRefusals).map { "/stream?id=\($0)" }
        let load = ListenerLoad(count: targets.count * perSession)
        for (index, target) in targets.enumerated() {
            for copy in 0..<perSession {
                try load.connect(slot: index * perSession + copy, port: port, target: target)
            }
        }
        let server = pid.map(ProcessTimes.init)
        Thread.sleep(forTimeInterval: warmup)
        let start = try load.snapshot(), startTime = Date(), startCPU = try server?.cpuSeconds()
        Thread.sleep(forTimeInterval: seconds)
        let end = try load.snapshot(), window = Date().timeIntervalSince(startTime), endCPU = try server?.cpuSeconds()
        load.stop()

        // Share of real time each admitted listener received over the window.
        let bytesPerSecond = Double(bitrate * 1000 / 8)
        let admitted = end.refused.indices.filter { !end.refused[$0] }
        let shares = admitted.map { Double(end.bytes[$0] - start.bytes[$0]) / (window * bytesPerSecond) }
        let behind = shares.filter { $0 < 0.98 }.count
        let dropped = admitted.filter { end.closed[$0] }.count
        // Server CPU per second of audio delivered to one listener, in microseconds.
        let cpu = ProcessTimes.perSecondEach(from: startCPU, to: endCPU, window: window, count: admitted.count)
        let cpuText = cpu.map { String(format: "%.1f", $0) } ?? "-"
        let line = [String(targets.count), String(admitted.count), String(format: "%.4f", shares.min() ?? 0),
                    String(format: "%.4f", median(shares)), String(behind), String(dropped),
                    String(paths == nil ? sessions - targets.count : 0), String(end.refused.filter { $0 }.count), cpuText]
        if tsv {
            print(line.joined(separator: "\t"))
        } else {
            print("sessions \(line[0]), listeners \(line[1]): real-time share min \(line[2]), median \(line[3]); below 0.98: \(behind); closed: \(dropped); refused: \(line[6]) sessions, \(line[7]) listeners; server CPU per listener-second: \(cpuText) µs")
        }
    }
}

struct Latency: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time from set_param to the changed audio in the stream, on the listener's clock.")

    @Option var port: Int
    @Option var changes = 30

    func run() throws {
        let token = try createSessions(port: port, count: 1, query: "preset=test-tone")[0]
        let capture = try StreamCapture(port: port, "/stream?id=\(token)")
        capture.read(for: 1)
        var sent: [(time: Double, frequency: Double)] = []
        var generator = SystemRandomNumberGenerator()
        for index in 0..<changes {
            let frequency = index % 2 == 0 ? 2000.0 : 1000.0
            let time = capture.elapsed
            let reply = try httpGet(port: port, "/set_param?id=\(token)&test_frequency=\(Int(frequency))")
            guard reply.status == 200 else { throw TestClientError("set_param: \(reply.text)") }
            sent.append((time, frequency))
            // Irregular gaps, so changes land at every phase of the render blocks.
            capture.read(for: Double.random(in: 0.9...1.4, using: &generator))
        }
        let decoded = try Decoder.ffmpeg(capture.bytes)
        let left = decoded.samples.channel(0, of: 2)
        let window = 220, hop = 22  // 5 ms windows every 0.5 ms
        let track = pitchTrack(left, window: window, hop: hop, sampleRate: 44100)
        var latencies: [Double] = []
        for change in sent {
            let old = change.frequency > 1500 ? 1000.0 : 2000.0
            let start = Int(change.time * 44100) / hop
            if let heard = firstDeparture(track, from: old, towards: change.frequency, startingAt: start, tolerance: 0.01) {
                latencies.append(Double((heard + 1) * hop) / 44100 - change.time)
            }
        }
        print(String(format: "control latency over %d changes (stream seconds): p50 %.3f, p99 %.3f, max %.3f, min %.3f",
                     latencies.count, median(latencies), percentile(latencies, 0.99), latencies.max() ?? .nan, latencies.min() ?? .nan))
    }
}

struct Create: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Creates N idle sessions (for the memory figure).")

    @Option var port: Int
    @Option var sessions = 100
    @Option var preset = "default"
    @Flag(help: "Print each session's token, one per line, after the summary.")
    var printTokens = false

    func run() throws {
        let started = Date()
        let tokens = try createSessions(port: port, count: sessions, query: "preset=\(preset)")
        print(String(format: "created %d sessions in %.2f s", sessions, Date().timeIntervalSince(started)))
        if printTokens { tokens.forEach { print($0) } }
    }
}

struct FirstBytes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "first-bytes",
        abstract: "Time from connecting to the first audio byte, and the burst: seconds of audio that arrive within 50 ms of it.")

    @Option var port: Int
    @Option(help: "A peer server's stream path; default: a new synthcast session for each try.")
    var path: String?
    @Flag(help: "synthcast: join a session that already has a listener, rather than wake a quiet one.")
    var running = false
    @Option var tries = 5
    @Option(help: "Stream bitrate in kbps, to turn bytes into seconds.")
    var bitrate = 128
    @Flag var tsv = false

    func run() throws {
        var firstBytes: [Double] = [], bursts: [Double] = []
        for _ in 0..<tries {
            var target = path ?? ""
            var warm: StreamCapture?
            if path == nil {
                target = "/stream?id=" + (try createSessions(port: port, count: 1, query: "preset=default")[0])
                if running {
                    warm = try StreamCapture(port: port, target)
                    warm?.read(for: 1)
                }
            }
            // The session keeps its first listener while the second one is timed.
            try withExtendedLifetime(warm) {
                let capture = try StreamCapture(port: port, target)
                // Peers take hundreds of milliseconds; read until the first byte, then the burst.
                while capture.firstByteTime == nil, capture.elapsed < 3, !capture.closedByServer { capture.read(for: 0.01) }
                guard let first = capture.firstByteTime else { throw BenchError("no audio from \(target) within 3 s") }
                capture.read(for: 0.1)
                let burstBytes = capture.arrivals.last { $0.time <= 0.05 }?.bytes ?? 0
                firstBytes.append(first)
                bursts.append(Double(burstBytes) / Double(bitrate * 1000 / 8))
            }
        }
        let line = [String(format: "%.2f", median(firstBytes) * 1000), String(format: "%.2f", median(bursts))]
        if tsv {
            print(line.joined(separator: "\t"))
        } else {
            print("first byte after \(line[0]) ms, burst \(line[1]) s of audio (medians of \(tries))")
        }
    }
}

struct HLSViewers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hls-viewers",
        abstract: "N HLS viewers of one playlist, direct or through a cache: whether each got every segment in order, and the origin's CPU per viewer-second.")

    @Option var host = "127.0.0.1"
    @Option var port: Int
    @Option(help: "The playlist's path, /hls/ID/live.m3u8.")
    var playlist: String
    @Option var viewers = 200
    @Option var seconds = 20.0
    @Option(help: "Seconds before the window, while viewers join (over one second) and catch up.")
    var warmup = 3.0
    @Option(help: "The origin's process id: its CPU time over the window is reported per viewer-second.")
    var pid: Int32?
    @Option(help: "The cache's process id (an nginx worker): its CPU time per viewer-second, too.")
    var cachePid: Int32?
    @Flag var tsv = false

    func run() throws {
        let load = HLSLoad(count: viewers, host: host, port: port, playlistPath: playlist)
        for slot in 0..<viewers { try load.start(slot: slot) }
        let origin = pid.map(ProcessTimes.init), cache = cachePid.map(ProcessTimes.init)
        Thread.sleep(forTimeInterval: warmup)
        let startCPU = try origin?.cpuSeconds(), startCache = try cache?.cpuSeconds(), startTime = Date()
        Thread.sleep(forTimeInterval: seconds)
        let window = Date().timeIntervalSince(startTime), endCPU = try origin?.cpuSeconds(), endCache = try cache?.cpuSeconds()
        let result = try load.snapshot()
        load.stop()

        let counts = result.map { Double($0.segments.count) }
        // Every segment, in order: each one the one after the last.
        let gapped = result.filter { viewer in zip(viewer.segments, viewer.segments.dropFirst()).contains { $1 != $0 + 1 } }.count
        let failures = result.reduce(0) { $0 + $1.failures.count }
        let cpu = ProcessTimes.perSecondEach(from: startCPU, to: endCPU, window: window, count: viewers)
        let cpuText = cpu.map { String(format: "%.1f", $0) } ?? "-"
        let cacheCPU = ProcessTimes.perSecondEach(from: startCache, to: endCache, window: window, count: viewers)
        let cacheText = cacheCPU.map { String(format: "%.1f", $0) } ?? "-"
        let line = [String(viewers), String(Int(counts.min() ?? 0)), String(Int(median(counts))), String(Int(counts.max() ?? 0)),
                    String(gapped), String(failures), cpuText, cacheText]
        if tsv {
            print(line.joined(separator: "\t"))
        } else {
            print("viewers \(line[0]): segments each min \(line[1]), median \(line[2]), max \(line[3]); with a gap: \(gapped); failures: \(failures); origin CPU per viewer-second: \(cpuText) µs; cache: \(cacheText) µs")
            if let first = result.first(where: { !$0.failures.isEmpty }) { print("first failures: \(first.failures.prefix(3))") }
        }
    }
}
