import Foundation
import NIOCore
import Testing
@testable import Server

extension ServerTests {
/// Request limits: each is refused with a clear status and message, logged, and the server
/// goes on serving everyone else.
@Suite struct LimitsTests {
    @Test func longURLGets414AndTheServerServesOn() throws {
        let logs = LogRecorder()
        let server = try TestServer(logs: logs)
        let long = try server.get("/set_param?id=x&cutoff=" + String(repeating: "1", count: 9000))
        #expect(long.status == 414)
        #expect(long.text.contains("the limit is 8192"), "\(long.text)")
        #expect(logs.contains("status=414") && logs.contains("the URL is 9023 bytes"), "\(logs.messages)")
        #expect(try server.get("/health").status == 200)
    }

    @Test func oversizedHeadersGet431() throws {
        let logs = LogRecorder()
        let server = try TestServer(logs: logs)
        // One field past half the header budget, then many fields, then a URL past the field limit.
        for headers in [["X-Big": String(repeating: "a", count: 20_000)],
                        Dictionary(uniqueKeysWithValues: (0..<120).map { ("X-Field-\($0)", "v") })] {
            let response = try server.get("/health", headers: headers)
            #expect(response.status == 431)
            #expect(response.text.contains("must fit in 32 KiB") && response.text.contains("100 header fields"), "\(response.text)")
            #expect(response.header("Connection") == "close")
        }
        let hugeURL = try server.get("/health?x=" + String(repeating: "b", count: 20_000))
        #expect(hugeURL.status == 431)
        #expect(logs.contains("request refused") && logs.contains("status=431"))
        #expect(try server.get("/health").status == 200)
    }

    @Test func oversizedBodiesTooManyPairsAndFullServersAreRefusedAndLogged() throws {
        let logs = LogRecorder()
        let server = try TestServer(logs: logs) { $0.maxSessions = 1 }
        let body = try httpRequest(port: server.port, "POST", "/sessions", body: String(repeating: " ", count: 70_000))
        #expect(body.status == 413)
        let pairs = try server.get("/create_stream?" + (0..<65).map { "k\($0)=1" }.joined(separator: "&"))
        #expect(pairs.status == 400 && pairs.text.contains("too many query parameters (65); at most 64"), "\(pairs.text)")
        _ = try server.createStream()
        let full = try server.get("/create_stream")
        #expect(full.status == 503 && full.text.contains("limit of 1 sessions"), "\(full.text)")
        for status in ["413", "400", "503"] {
            #expect(logs.messages.contains { $0.contains("request refused") && $0.contains("status=\(status)") }, "\(logs.messages)")
        }
        // Ordinary mistakes are the client's to read, not the operator's log's.
        _ = try server.get("/set_param?id=x&cutoff=1")
        #expect(!logs.contains("status=404"))
    }

    @Test("a refused request's line is logged with its session token cut short, never whole")
    func refusalLogsNeverHoldAWholeToken() throws {
        let logs = LogRecorder()
        let server = try TestServer(logs: logs)
        let token = try server.createStream()
        let pairs = try server.get("/set_param?id=\(token)&" + (0..<65).map { "k\($0)=1" }.joined(separator: "&"))
        #expect(pairs.status == 400)
        let line = try #require(logs.messages.first { $0.contains("request refused") }, "\(logs.messages)")
        #expect(line.contains("id=\(token.prefix(6))…") && !line.contains(token), "\(line)")
    }

    @Test func malformedRequestLineGets400() throws {
        let server = try TestServer()
        let connection = try TestConnection(port: server.port)
        try connection.send("GET /health HTTP/9.Z\r\n\r\n")
        let response = try connection.readResponse()
        // NIO's protocol-error handler answers it, and only this connection closes.
        #expect(response.status == 400)
        #expect(try server.get("/health").status == 200)
    }

    @Test func connectionsPastTheLimitGet503UntilOneCloses() throws {
        let logs = LogRecorder()
        let server = try TestServer(logs: logs) { $0.maxConnections = 3 }
        let token = try server.createStream()
        let listener = try server.stream(token)
        var idle = [try TestConnection(port: server.port), try TestConnection(port: server.port)]
        try waitUntil("three connections open") { server.server.connectionCount == 3 }

        let refused = try server.get("/health")
        #expect(refused.status == 503)
        #expect(refused.text.contains("too many connections open (3)"), "\(refused.text)")
        #expect(refused.header("Retry-After") == "10")
        #expect(logs.contains("too many connections"))

        idle.removeLast()
        try waitUntil("a connection closed") { server.server.connectionCount == 2 }
        #expect(try server.get("/health").status == 200)
        listener.read(for: 1)
        #expect(audioSeconds(listener.bytes) > 1, "the listener was starved while connections were refused")
        _ = idle
    }

    @Test func controlRequestsPastTheRateGet429WithRetryAfter() throws {
        let logs = LogRecorder()
        let server = try TestServer(logs: logs) { $0.controlRequestsPerSecond = 5 }
        // The first control request creates the session; the burst is 10.
        let token = try server.createStream()
        let statuses = try (0..<15).map { _ in try server.get("/set_param?id=\(token)&cutoff=900").status }
        #expect(statuses.prefix(9).allSatisfy { $0 == 200 }, "\(statuses)")
        #expect(statuses.suffix(5).allSatisfy { $0 == 429 }, "\(statuses)")
        let refused = try server.get("/set_param?id=\(token)&cutoff=901", headers: ["Accept": "application/json"])
        #expect(refused.status == 429)
        #expect(refused.header("Retry-After") == "1")
        #expect(refused.text.contains("too many control requests") && refused.text.contains("5 a second"), "\(refused.text)")
        // One log line for the flood so far, not one per refusal.
        #expect(logs.messages.filter { $0.contains("control rate limit") }.count == 1, "\(logs.messages)")
        // Reading is not limited; control comes back once tokens refill.
        #expect(try server.get("/sessions/\(token)/params").status == 200)
        #expect(try server.get("/health").status == 200)
        Thread.sleep(forTimeInterval: 0.5)
        #expect(try server.get("/set_param?id=\(token)&cutoff=902").status == 200)
        #expect(try server.session(token).parameters.current[.cutoff] == 902)
    }

    @Test func rateLimiterForgetsRefilledClientsAndStaysBounded() {
        let limiter = ControlRateLimiter(rate: 10)
        let start = NIODeadline.now()
        for client in 0..<(ControlRateLimiter.maximumClients + 50) {
            #expect(limiter.admit("10.0.\(client)", now: start) == .allowed)
        }
        #expect(limiter.clientCount == ControlRateLimiter.maximumClients)
        limiter.prune(now: start + .seconds(1))
        #expect(limiter.clientCount == 0)
    }

    @Test func slowRequestGets408AndIdleConnectionClosesQuietly() throws {
        let logs = LogRecorder()
        let server = try TestServer(logs: logs) { $0.requestTimeoutSeconds = 1 }
        let token = try server.createStream()
        let listener = try server.stream(token)

        let slow = try TestConnection(port: server.port)
        try slow.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")  // and never the blank line
        let idle = try TestConnection(port: server.port)
        let started = Date()
        let response = try slow.readResponse(timeout: 5)
        let waited = Date().timeIntervalSince(started)
        #expect(response.status == 408)
        #expect(response.text.contains("within 1.0 s"), "\(response.text)")
        #expect(waited > 0.8 && waited < 3, "408 after \(waited) s")
        #expect(slow.waitForClose(timeout: 2))
        #expect(idle.waitForClose(timeout: 2), "an idle connection was kept past the request timeout")
        #expect(logs.contains("request timeout"))

        // A kept-alive connection gets the same deadline between requests; a listener none.
        let keptAlive = try TestConnection(port: server.port)
        try keptAlive.get("/health")
        #expect(try keptAlive.readResponse().status == 200)
        #expect(keptAlive.waitForClose(timeout: 3))
        listener.read(for: 1.5)
        #expect(!listener.closedByServer)
        #expect(audioSeconds(listener.bytes) > 1.5)
    }
}
}

/// Polls `condition` for up to five seconds.
func waitUntil(_ what: String, timeout: Double = 5, _ condition: () -> Bool) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while !condition() {
        guard Date() < deadline else { throw TestClientError("timed out waiting until \(what)") }
        Thread.sleep(forTimeInterval: 0.02)
    }
}
