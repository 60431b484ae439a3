import Foundation
import NIOCore
import Synth
import Testing
@testable import Server
#if canImport(Glibc)
import Glibc
#endif

extension ServerTests {
/// OSC control: the codec on hand-made datagrams, then a real `synthcast serve --osc-port`
/// driven by liblo's own senders (`oscsend`, python3-liblo's bundles) and by raw datagrams,
/// with the stream decoded and the tone measured.
@Suite struct OSCTests {
    // MARK: The codec

    @Test func decodesAlignedStringsAndEveryArgumentType() throws {
        // Addresses of 3, 4 and 5 bytes cross the 4-byte padding at each length.
        for address in ["/ab", "/abc", "/abcd"] {
            let packet = try OSCPacket(decoding: ByteBuffer(bytes: HandMadeOSC.message(address, [.string("saw")])))
            #expect(packet == .message(OSCMessage(address: address, arguments: [.string("saw")])))
        }
        let arguments: [OSCArgument] = [.int32(-7), .float32(0.1), .double(880.5), .int64(1 << 40), .string(""), .string("pulse"),
                                        .symbol("sym"), .bool(true), .bool(false), .null]
        let datagram = HandMadeOSC.message("/synthcast/x/cutoff", arguments)
        #expect(datagram.count % 4 == 0)
        #expect(try OSCPacket(decoding: ByteBuffer(bytes: datagram)) == .message(OSCMessage(address: "/synthcast/x/cutoff", arguments: arguments)))
        #expect(try OSCPacket(decoding: ByteBuffer(bytes: HandMadeOSC.message("/a", []))) == .message(OSCMessage(address: "/a", arguments: [])))
    }

    @Test func decodesNestedBundlesInOrder() throws {
        let inner = HandMadeOSC.bundle([HandMadeOSC.message("/b", [.int32(2)]), HandMadeOSC.bundle([HandMadeOSC.message("/c", [.bool(true)])])])
        let outer = HandMadeOSC.bundle([HandMadeOSC.message("/a", [.float32(1)]), inner, HandMadeOSC.message("/d", [])], timeTag: 42)
        let packet = try OSCPacket(decoding: ByteBuffer(bytes: outer))
        guard case .bundle(let timeTag, let elements) = packet else { Issue.record("not a bundle: \(packet)"); return }
        #expect(timeTag == 42 && elements.count == 3)
        #expect(packet.messages.map(\.address) == ["/a", "/b", "/c", "/d"])
        #expect(try OSCPacket(decoding: ByteBuffer(bytes: HandMadeOSC.bundle([]))).messages.isEmpty)

        var deep = HandMadeOSC.message("/deep", [])
        for _ in 0..<OSCPacket.maximumDepth { deep = HandMadeOSC.bundle([deep]) }
        #expect(try OSCPacket(decoding: ByteBuffer(bytes: deep)).messages.count == 1)
        #expect(throws: OSCDecodingError("bundles nested deeper than \(OSCPacket.maximumDepth)")) {
            try OSCPacket(decoding: ByteBuffer(bytes: HandMadeOSC.bundle([deep])))
        }
    }

    /// Every prefix of a message, every prefix of a bundle cut inside an element, and bytes
    /// that are not OSC are refused with a reason: never a crash, never a part of a packet
    /// applied. (A bundle cut between its elements is a smaller bundle; the listener refuses
    /// datagrams that fill its receive buffer, the one place UDP would cut one silently.)
    @Test func truncatedAndMalformedPacketsAreRefused() throws {
        let message = HandMadeOSC.message("/synthcast/x/cutoff", [.double(800), .string("saw"), .int64(3)])
        let first = HandMadeOSC.message("/a", [.float32(1)])
        let bundle = HandMadeOSC.bundle([first, HandMadeOSC.message("/b", [.int32(2)])])
        for (packet, boundaries) in [(message, []), (bundle, [16, 16 + 4 + first.count])] {
            for length in 0..<packet.count where !boundaries.contains(length) {
                #expect(throws: OSCDecodingError.self, "\(length) of \(packet.count) bytes") {
                    try OSCPacket(decoding: ByteBuffer(bytes: packet.prefix(length)))
                }
            }
        }
        let cases: [([UInt8], String)] = [
            (Array("hello world!".utf8), "not OSC"),
            (HandMadeOSC.string("/synthcast/x/cutoff"), "no type tags"),
            (HandMadeOSC.string("/a") + HandMadeOSC.string(",b") + [0, 0, 0, 4, 1, 2, 3, 4], "blob"),
            (HandMadeOSC.string("/a") + HandMadeOSC.string(",m") + [1, 2, 3, 4], "type tag 'm' is not taken"),
            (HandMadeOSC.string("/a") + HandMadeOSC.string("xf") + [0, 0, 0, 0], "must start with ','"),
            (HandMadeOSC.string("/a") + HandMadeOSC.string(",i") + [0, 0, 0, 1, 0, 0, 0, 2], "bytes after the arguments"),
            (Array("/ab\0".utf8) + [0x2C, 0x69, 0, 1] + [0, 0, 0, 0], "padded with bytes other than NUL"),
            (HandMadeOSC.string("/a") + HandMadeOSC.string(",s") + [0xFF, 0xFE, 0, 0], "not UTF-8"),
            (Array("#bundle\0".utf8) + [UInt8](repeating: 0, count: 8) + [0x7F, 0xFF, 0xFF, 0xFC], "bundle element of size"),
            (Array("#bundle\0".utf8) + [UInt8](repeating: 0, count: 8) + [0xFF, 0xFF, 0xFF, 0xFC], "bundle element of size"),
            (Array("#bundle\0".utf8) + [UInt8](repeating: 0, count: 8) + [0, 0, 0, 4] + Array("junk".utf8), "not OSC"),
        ]
        for (bytes, phrase) in cases {
            do {
                let packet = try OSCPacket(decoding: ByteBuffer(bytes: bytes))
                Issue.record("decoded \(packet), expected a refusal with '\(phrase)'")
            } catch {
                #expect(error.description.contains(phrase), "'\(error)' lacks '\(phrase)'")
            }
        }
    }

    /// Seeded mutations of good packets, decoded, then sent to a running server at one
    /// session: never a crash, and a session nobody addressed keeps its values.
    @Test func mutatedPacketsNeverCrashOrTouchOtherSessions() throws {
        let server = try TestServer { $0.oscPort = 0 }
        let oscPort = try #require(server.server.oscPort)
        let bystander = try server.createStream("preset=drone&cutoff=700")
        let target = try server.createStream()
        let corpus = [
            HandMadeOSC.message("/synthcast/\(target)/cutoff", [.float32(900)]),
            HandMadeOSC.message("/synthcast/\(target)/wave", [.string("pulse")]),
            HandMadeOSC.bundle([HandMadeOSC.message("/synthcast/\(target)/cutoff", [.double(800)]),
                                HandMadeOSC.bundle([HandMadeOSC.message("/synthcast/\(target)/drums", [.bool(true)]),
                                                    HandMadeOSC.message("/synthcast/\(target)/preset", [.symbol("drone")])])]),
        ]
        var random = SeededRandom(seed: 20)
        var decoded = 0
        for _ in 0..<20_000 {
            let bytes = Mutator.mutate(corpus[random.below(corpus.count)], random: &random)
            if (try? OSCPacket(decoding: ByteBuffer(bytes: bytes))) != nil { decoded += 1 }
        }
        for index in 0..<2_000 {
            try sendDatagram(Mutator.mutate(corpus[random.below(corpus.count)], random: &random), to: oscPort)
            if index % 20 == 0 { usleep(2_000) }  // loopback UDP drops what the socket cannot hold
        }
        var seen = -1
        while seen != server.statistics.oscMessages.current {
            seen = server.statistics.oscMessages.current
            usleep(200_000)
        }
        print("fuzz: \(decoded) of 20000 mutations decoded; the server took \(seen) messages and refused \(server.statistics.oscRejected.current)")
        #expect(seen > 500 && server.statistics.oscRejected.current > 250, "too few datagrams arrived to tell")
        let untouched = try server.session(bystander).parameters
        #expect(untouched.current[.cutoff] == 700 && untouched.revision == 0)
        #expect(try server.get("/health").status == 200)
    }

    // MARK: A real server

    @Test("oscsend changes the pitch of a playing session, as set_param does")
    func oscsendChangesThePitch() throws {
        let server = try OSCServer()
        let token = try server.process.createSession(preset: "test-tone")
        let capture = try StreamCapture(port: server.process.port, "/stream?id=\(token)")
        capture.read(for: 2)
        try oscsend(server.oscPort, "/synthcast/\(token)/test_frequency", "f", "880")
        #expect(try server.waitForRevision(of: token, atLeast: 1) == 1)
        capture.read(for: 2)
        let left = try Decoder.ffmpeg(capture.bytes).samples.channel(0, of: 2)
        let before = estimatedFrequency(Array(left[22050..<66150]), sampleRate: 44100)
        let after = estimatedFrequency(Array(left.suffix(22050)), sampleRate: 44100)
        print("oscsend: \(before) Hz before, \(after) Hz after")
        #expect(abs(before - 1000) < 1, "before: \(before) Hz")
        #expect(abs(after - 880) < 1, "after: \(after) Hz")
        #expect(try server.parameters(of: token)["test_frequency"] as? Double == 880)
    }

    @Test("a second argument glides, as glide= does: two octaves in 2 s are one octave after 1 s")
    func oscsendGlides() throws {
        let server = try OSCServer()
        let token = try server.process.createSession(preset: "test-tone")
        let capture = try StreamCapture(port: server.process.port, "/stream?id=\(token)")
        capture.read(for: 1.5)
        try oscsend(server.oscPort, "/synthcast/\(token)/test_frequency", "ff", "4000", "2")
        #expect(try server.waitForRevision(of: token, atLeast: 1) == 1)
        capture.read(for: 3.5)
        let left = try Decoder.ffmpeg(capture.bytes).samples.channel(0, of: 2)
        let track = pitchTrack(left, window: 882, hop: 882, sampleRate: 44100)
        let start = try #require(firstDeparture(track, from: 1000, towards: 4000, startingAt: 10, tolerance: 0.02))
        let halfWay = track[min(start + 50, track.count - 1)]
        print("oscsend glide: \(halfWay) Hz one second in, \(track.last!) Hz at the end")
        #expect(abs(halfWay / 2000 - 1) < 0.06, "\(halfWay) Hz half-way")
        #expect(abs(track.last! / 4000 - 1) < 0.01)
    }

    /// Two keys in one bundle are one publication (the revision rises by one) and both are
    /// heard; the same two keys as two messages are two.
    @Test("a bundle is one batch: one revision, both values in force and heard")
    func aBundleIsOneBatch() throws {
        let server = try OSCServer()
        let token = try server.process.createSession(preset: "test-tone")
        let capture = try StreamCapture(port: server.process.port, "/stream?id=\(token)")
        capture.read(for: 2)
        let start = try server.revision(of: token)
        let bundle = "import liblo, sys; liblo.send(('127.0.0.1', int(sys.argv[1])), liblo.Bundle("
            + "liblo.Message(sys.argv[2] + '/test_frequency', ('f', 880.0)), liblo.Message(sys.argv[2] + '/test_level', ('f', -24.0))))"
        let sent = try runCommand("/usr/bin/python3", ["-c", bundle, String(server.oscPort), "/synthcast/\(token)"])
        #expect(sent.status == 0, "python3-liblo: \(sent.error)")
        let afterBundle = try server.waitForRevision(of: token, atLeast: start + 1)
        print("bundle: revision \(start) -> \(afterBundle)")
        #expect(afterBundle == start + 1, "a bundle of two keys made \(afterBundle - start) publications")
        let values = try server.parameters(of: token)
        #expect(values["test_frequency"] as? Double == 880 && values["test_level"] as? Double == -24, "\(values)")
        capture.read(for: 2)
        let left = try Decoder.ffmpeg(capture.bytes).samples.channel(0, of: 2)
        let beforeTone = Array(left[22050..<66150]), afterTone = Array(left.suffix(22050))
        let levels = [beforeTone, afterTone].map { 20 * log10(Double($0.peak)) }
        let pitches = [beforeTone, afterTone].map { estimatedFrequency($0, sampleRate: 44100) }
        print("bundle: \(pitches[0]) Hz at \(levels[0]) dBFS before, \(pitches[1]) Hz at \(levels[1]) dBFS after")
        #expect(abs(pitches[0] - 1000) < 1 && abs(pitches[1] - 880) < 1, "\(pitches)")
        // test_level went from -12 to -24 dBFS: 12 dB down (measured relative, so the master
        // bus's own shaping of the level does not matter).
        #expect(abs(levels[0] - levels[1] - 12) < 0.5, "\(levels)")

        // The same keys as two messages: two publications.
        try oscsend(server.oscPort, "/synthcast/\(token)/test_frequency", "f", "660")
        try oscsend(server.oscPort, "/synthcast/\(token)/test_level", "f", "-18")
        let afterTwo = try server.waitForRevision(of: token, atLeast: afterBundle + 2)
        #expect(afterTwo == afterBundle + 2, "two messages made \(afterTwo - afterBundle) publications")

        // A nested bundle, hand-made, is one batch too; a preset name loads a preset.
        let nested = HandMadeOSC.bundle([
            HandMadeOSC.message("/synthcast/\(token)/test_frequency", [.double(1500)]),
            HandMadeOSC.bundle([HandMadeOSC.message("/synthcast/\(token)/test_level", [.int32(-6)]),
                                HandMadeOSC.message("/synthcast/\(token)/wave", [.string("pulse")])]),
        ])
        try sendDatagram(nested, to: server.oscPort)
        #expect(try server.waitForRevision(of: token, atLeast: afterTwo + 1) == afterTwo + 1)
        let nestedValues = try server.parameters(of: token)
        #expect(nestedValues["test_frequency"] as? Double == 1500 && nestedValues["test_level"] as? Double == -6
                && nestedValues["wave"] as? String == "pulse", "\(nestedValues)")
        try oscsend(server.oscPort, "/synthcast/\(token)/preset", "s", "test-tone")
        #expect(try server.waitForRevision(of: token, atLeast: afterTwo + 2) == afterTwo + 2)
        #expect(try server.parameters(of: token)["test_frequency"] as? Double == 1000)
    }

    /// Garbage, unknown tokens and keys, values out of range, NaN, wrong types and a listen-only
    /// id are each refused, logged with the reason and the sender, at most a few lines a second
    /// with the rest summed up, and counted; the session playing meanwhile goes on untouched.
    @Test("bad OSC messages are logged, rate-limited and counted; the server and a playing session go on")
    func badMessagesAreRefusedAndLogged() throws {
        let server = try OSCServer()
        let port = server.process.port
        let created = try JSONSerialization.jsonObject(with: Data(try httpGet(port: port, "/create_stream?preset=test-tone",
                                                                              headers: ["Accept": "application/json"]).body)) as? [String: Any]
        let token = try #require(created?["id"] as? String), listenID = try #require(created?["listen_id"] as? String)
        let capture = try StreamCapture(port: port, "/stream?id=\(token)")
        capture.read(for: 1)
        let address = "/synthcast/\(token)/test_frequency"
        // One bad message of each kind, four a second: under the limit, each gets its line.
        let kinds: [(send: () throws -> Void, logged: String)] = [
            ({ try sendDatagram(Array("GET / HTTP/1.0\n".utf8), to: server.oscPort) }, "not a multiple of 4"),
            ({ try sendDatagram(Array("hello world!".utf8), to: server.oscPort) }, "not OSC"),
            ({ try sendDatagram(Array(HandMadeOSC.message(address, [.float32(500)]).dropLast(4)), to: server.oscPort) }, "cut off"),
            ({ try oscsend(server.oscPort, "/synthcast/AAAAAAAAAAAAAAAAAAAAAA/test_frequency", "f", "500") }, "unknown session id"),
            ({ try oscsend(server.oscPort, "/synthcast/\(token)/test_frequenc", "f", "500") }, "did you mean 'test_frequency'"),
            ({ try oscsend(server.oscPort, "/elsewhere/\(token)/test_frequency", "f", "500") }, "unknown address"),
            ({ try oscsend(server.oscPort, address, "f", "1e9") }, "out of range"),
            ({ try sendDatagram(HandMadeOSC.message(address, [.float32(.nan)]), to: server.oscPort) }, "finite"),
            ({ try sendDatagram(HandMadeOSC.message(address, [.double(.infinity)]), to: server.oscPort) }, "finite"),
            ({ try oscsend(server.oscPort, address, "s", "loud") }, "takes a number"),
            ({ try oscsend(server.oscPort, address, "N") }, "got nil"),
            ({ try oscsend(server.oscPort, address, "fff", "500", "1", "2") }, "takes one value and maybe a glide"),
            ({ try oscsend(server.oscPort, address, "ff", "500", "-1") }, "takes seconds"),
            ({ try sendDatagram(HandMadeOSC.string(address) + HandMadeOSC.string(",b") + [0, 0, 0, 1, 9, 0, 0, 0], to: server.oscPort) }, "blob"),
            ({ try oscsend(server.oscPort, "/synthcast/\(listenID)/test_frequency", "f", "500") }, "listen-only"),
            ({ try oscsend(server.oscPort, "/synthcast/\(token)/preset", "s", "nope") }, "no preset named 'nope'"),
        ]
        for kind in kinds {
            try kind.send()
            capture.read(for: 0.25)
        }
        // A flood: at most a few lines a second, the rest summed up.
        let linesBefore = server.refusalLines().count
        let flood = 200
        for index in 0..<flood { try sendDatagram([UInt8](repeating: UInt8(index & 0xFF), count: 4 * (1 + index % 7)), to: server.oscPort) }
        capture.read(for: 1.5)

        let output = server.process.output
        let lines = server.refusalLines()
        for kind in kinds { #expect(lines.contains { $0.contains(kind.logged) }, "no log line says '\(kind.logged)'") }
        #expect(lines.allSatisfy { $0.contains("sender=127.0.0.1:") }, "a line without its sender")
        #expect(!lines.contains { $0.contains(token) || $0.contains(listenID) }, "a whole token in the log")
        let floodLines = lines.count - linesBefore
        let summaries = output.split(separator: "\n").filter { $0.contains("more bad OSC messages") }
        let summed = summaries.compactMap { line in line.split(separator: " ").first { Int($0) != nil }.flatMap { Int($0) } }.reduce(0, +)
        print("flood of \(flood): \(floodLines) lines of their own, \(summaries.count) summaries of \(summed) more")
        #expect(floodLines <= 2 * OSCRejectionLog.linesPerSecond, "\(floodLines) lines for a flood of \(flood)")
        #expect(!summaries.isEmpty && floodLines + summed == flood, "\(floodLines) lines, \(summaries)")

        let metrics = try httpGet(port: port, "/metrics").text
        let received = MetricsTests.value("synthcast_osc_messages_total", in: metrics)
        let rejected = MetricsTests.value("synthcast_osc_rejected_total", in: metrics)
        #expect(received == Double(kinds.count + flood) && rejected == received, "received \(received ?? -1), refused \(rejected ?? -1)")

        // Nothing bad got in, the session played on, and a good message still works.
        #expect(try server.revision(of: token) == 0)
        #expect(server.process.output.contains("Synthcast is serving"))
        let left = try Decoder.ffmpeg(capture.bytes).samples.channel(0, of: 2)
        #expect(abs(estimatedFrequency(Array(left.suffix(44100)), sampleRate: 44100) - 1000) < 1)
        #expect(audioSeconds(capture.bytes) > 5)
        try oscsend(server.oscPort, address, "i", "700")
        #expect(try server.waitForRevision(of: token, atLeast: 1) == 1)
        #expect(try server.parameters(of: token)["test_frequency"] as? Double == 700)
    }
}
}

/// `synthcast serve --osc-port 0` and the OSC port it printed.
private struct OSCServer {
    let process: ServeProcess
    let oscPort: Int

    init() throws {
        process = try ServeProcess(["--osc-port", "0"])
        guard let range = process.output.range(of: #"OSC control on udp://127\.0\.0\.1:[0-9]+"#, options: .regularExpression),
              let port = Int(process.output[range].split(separator: ":").last ?? "") else {
            throw TestClientError("synthcast serve did not say where OSC is:\n\(process.output)")
        }
        oscPort = port
    }

    func session(_ token: String) throws -> [String: Any] {
        let reply = try httpGet(port: process.port, "/sessions/\(token)")
        guard reply.status == 200, let object = try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any] else {
            throw TestClientError("GET /sessions: \(reply.statusLine) \(reply.text)")
        }
        return object
    }

    func revision(of token: String) throws -> Int {
        guard let revision = try session(token)["revision"] as? Int else { throw TestClientError("no revision in the session") }
        return revision
    }

    func parameters(of token: String) throws -> [String: Any] { try session(token)["params"] as? [String: Any] ?? [:] }

    /// The revision once it reaches `target` (datagrams arrive when they arrive), read again
    /// after a moment so that one more publication would show; or whatever it is after 3 s.
    func waitForRevision(of token: String, atLeast target: Int) throws -> Int {
        let deadline = Date().addingTimeInterval(3)
        while try revision(of: token) < target, Date() < deadline { usleep(20_000) }
        usleep(300_000)
        return try revision(of: token)
    }

    /// The server's log lines for refused OSC messages.
    func refusalLines() -> [Substring] {
        process.output.split(separator: "\n").filter { $0.contains("bad OSC message refused") }
    }
}

/// liblo's `oscsend`: one message, one datagram.
private func oscsend(_ port: Int, _ address: String, _ types: String, _ values: String...) throws {
    let result = try runCommand("/usr/bin/oscsend", ["127.0.0.1", String(port), address, types] + values)
    guard result.status == 0 else { throw TestClientError("oscsend \(address): \(result.error)") }
}

/// One UDP datagram to 127.0.0.1.
private func sendDatagram(_ bytes: [UInt8], to port: Int) throws {
    let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let sent = withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            sendto(descriptor, bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard sent == bytes.count else { throw TestClientError("sendto: errno \(errno)") }
}

/// OSC 1.0 packets written out byte by byte, independently of the server's decoder.
private enum HandMadeOSC {
    static func string(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8) + [0]
        return bytes + [UInt8](repeating: 0, count: (4 - bytes.count % 4) % 4)
    }

    static func message(_ address: String, _ arguments: [OSCArgument]) -> [UInt8] {
        var tags = ",", data: [UInt8] = []
        func big<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value.bigEndian, Array.init) }
        for argument in arguments {
            switch argument {
            case .int32(let value): tags += "i"; data += big(value)
            case .int64(let value): tags += "h"; data += big(value)
            case .float32(let value): tags += "f"; data += big(value.bitPattern)
            case .double(let value): tags += "d"; data += big(value.bitPattern)
            case .string(let text): tags += "s"; data += string(text)
            case .symbol(let text): tags += "S"; data += string(text)
            case .bool(let flag): tags += flag ? "T" : "F"
            case .null: tags += "N"
            }
        }
        return string(address) + string(tags) + data
    }

    static func bundle(_ elements: [[UInt8]], timeTag: UInt64 = 1) -> [UInt8] {
        var bytes = string("#bundle") + withUnsafeBytes(of: timeTag.bigEndian, Array.init)
        for element in elements { bytes += withUnsafeBytes(of: Int32(element.count).bigEndian, Array.init) + element }
        return bytes
    }
}
