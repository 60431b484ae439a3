import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Many HLS viewers in one process on one event-loop thread, each as a plain (not low-latency)
/// HLS player fetches: reload the playlist, fetch every segment it has not had yet in order,
/// wait half a target duration, again. Each keeps one kept-alive connection, and records the
/// segments it got, so a run can tell whether every viewer got every segment.
final class HLSLoad: @unchecked Sendable {
    struct Viewer {
        /// Sequence numbers of the segments received whole (200 and the full Content-Length).
        var segments: [Int] = []
        var segmentBytes = 0
        var playlists = 0
        /// Replies other than 200, and connections lost.
        var failures: [String] = []
    }

    private(set) var viewers: [Viewer]
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private var loop: EventLoop { group.next() }
    private let host: String
    private let port: Int
    private let playlistPath: String
    private var channels: [Channel] = []
    private var running = true

    init(count: Int, host: String, port: Int, playlistPath: String) {
        viewers = Array(repeating: Viewer(), count: count)
        self.host = host
        self.port = port
        self.playlistPath = playlistPath
    }

    /// Starts viewer `slot`: connects, then plays until `stop`.
    func start(slot: Int) throws {
        let bootstrap = ClientBootstrap(group: group)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(HLSViewer(load: self, slot: slot))
                }
            }
        channels.append(try bootstrap.connect(host: host, port: port).wait())
    }

    func snapshot() throws -> [Viewer] { try loop.submit { self.viewers }.wait() }

    func stop() {
        _ = try? loop.submit { self.running = false }.wait()
        for channel in channels { channel.close(promise: nil) }
        try? group.syncShutdownGracefully()
    }

    fileprivate var isRunning: Bool { running }
    fileprivate var target: (host: String, playlist: String) { ("\(host):\(port)", playlistPath) }
    fileprivate func record(_ slot: Int, _ change: (inout Viewer) -> Void) { change(&viewers[slot]) }
}

/// One viewer's requests, one at a time on its connection.
private final class HLSViewer: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private enum Asked { case playlist, segment(Int) }

    private let load: HLSLoad
    private let slot: Int
    private var asked = Asked.playlist
    private var status = 0
    private var expectedLength: Int?
    private var body: [UInt8] = []
    private var lastSegment: Int?
    private var queue: [Int] = []
    private var reloadDelay = TimeAmount.seconds(1)

    init(load: HLSLoad, slot: Int) {
        self.load = load
        self.slot = slot
    }

    func channelActive(context: ChannelHandlerContext) {
        // Viewers arrive spread over a second, as real ones would not all come at once.
        let delay = TimeAmount.milliseconds(Int64(slot % 1000))
        context.eventLoop.assumeIsolated().scheduleTask(in: delay) { self.requestPlaylist(context) }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = Int(head.status.code)
            expectedLength = head.headers["Content-Length"].first.flatMap(Int.init)
            body.removeAll(keepingCapacity: true)
        case .body(let bytes):
            body += bytes.readableBytesView
        case .end:
            finished(context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if load.isRunning { load.record(slot) { $0.failures.append("connection closed") } }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        load.record(slot) { $0.failures.append("\(error)") }
        context.close(promise: nil)
    }

    private func finished(_ context: ChannelHandlerContext) {
        guard load.isRunning else { return }
        switch asked {
        case .playlist:
            guard status == 200 else {
                load.record(slot) { [status] in $0.failures.append("playlist: HTTP \(status)") }
                return schedulePlaylist(context)
            }
            load.record(slot) { $0.playlists += 1 }
            let text = String(decoding: body, as: UTF8.self)
            var listed: [Int] = []
            for line in text.split(separator: "\n") {
                if line.hasPrefix("#EXT-X-TARGETDURATION:"), let target = Int(line.dropFirst(22)) {
                    reloadDelay = .milliseconds(Int64(target * 500))
                }
                if !line.hasPrefix("#"), line.hasSuffix(".mp3"), let sequence = Int(line.dropLast(4)) { listed.append(sequence) }
            }
            // A player joins three segments from the end, then takes each new one.
            let from = lastSegment.map { $0 + 1 } ?? max(listed.first ?? 0, (listed.last ?? 0) - 2)
            queue = listed.filter { $0 >= from }
            nextSegment(context)
        case .segment(let sequence):
            if status == 200, expectedLength == nil || expectedLength == body.count {
                load.record(slot) { [body] in $0.segments.append(sequence); $0.segmentBytes += body.count }
            } else {
                load.record(slot) { [status] in $0.failures.append("segment \(sequence): HTTP \(status)") }
            }
            lastSegment = sequence
            nextSegment(context)
        }
    }

    private func nextSegment(_ context: ChannelHandlerContext) {
        guard !queue.isEmpty else { return schedulePlaylist(context) }
        let sequence = queue.removeFirst()
        asked = .segment(sequence)
        let playlist = load.target.playlist
        send(String(playlist.dropLast("live.m3u8".count)) + "\(sequence).mp3", context)
    }

    private func schedulePlaylist(_ context: ChannelHandlerContext) {
        context.eventLoop.assumeIsolated().scheduleTask(in: reloadDelay) { self.requestPlaylist(context) }
    }

    private func requestPlaylist(_ context: ChannelHandlerContext) {
        guard load.isRunning, context.channel.isActive else { return }
        asked = .playlist
        send(load.target.playlist, context)
    }

    private func send(_ path: String, _ context: ChannelHandlerContext) {
        var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path)
        head.headers.add(name: "Host", value: load.target.host)
        head.headers.add(name: "User-Agent", value: "synthcast-bench-hls")
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
