import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A response as a test sees it: the status line, headers and the body bytes.
public struct HTTPTestResponse: Sendable {
    public let statusLine: String
    public let headers: [(name: String, value: String)]
    public var body: [UInt8]

    public var status: Int { Int(statusLine.split(separator: " ").dropFirst().first ?? "") ?? 0 }
    public var text: String { String(decoding: body, as: UTF8.self) }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// A plain blocking TCP connection to 127.0.0.1: requests are written by hand so a test
/// controls the HTTP version, the headers and how fast it reads, as a player would.
public final class TestConnection {
    private let descriptor: Int32
    private var pending: [UInt8] = []

    /// `receiveBuffer` shrinks SO_RCVBUF, for a client that should look slow quickly.
    public init(port: Int, receiveBuffer: Int? = nil) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestClientError("socket() failed: errno \(errno)") }
        if var size = receiveBuffer.map(Int32.init) {
            setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(descriptor)
            throw TestClientError("connect to 127.0.0.1:\(port) failed: errno \(errno)")
        }
    }

    deinit { Glibc.close(descriptor) }

    /// Makes the close at the end of this connection a reset (RST), as when a player's
    /// process dies or its network goes away, rather than an orderly FIN.
    public func resetOnClose() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
    }

    public func send(_ text: String) throws {
        try send(bytes: Array(text.utf8))
    }

    /// Sends raw bytes, for requests that are not valid UTF-8 or not HTTP at all.
    public func send(bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let result = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard result > 0 else { throw TestClientError("send failed: errno \(errno)") }
            sent += result
        }
    }

    /// Sends a GET request.
    public func get(_ target: String, version: String = "1.1", headers: [String: String] = [:]) throws {
        var request = "GET \(target) HTTP/\(version)\r\nHost: 127.0.0.1\r\nUser-Agent: synthcast-tests\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        try send(request + "\r\n")
    }

    /// Reads what is available within `timeout` seconds: nil at end of stream, [] on timeout.
    public func receive(timeout: Double, maximum: Int = 65536) -> [UInt8]? {
        if !pending.isEmpty { defer { pending = [] }; return pending }
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(max(0, timeout * 1000))) > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: maximum)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, maximum, 0) }
        return count > 0 ? Array(buffer[0..<count]) : nil
    }

    /// Reads up to the end of the response head; what follows stays for `receive`.
    public func readHead(timeout: Double = 10) throws -> HTTPTestResponse {
        var bytes: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        let separator = Array("\r\n\r\n".utf8)
        while true {
            if let end = bytes.firstRange(of: separator) {
                pending = Array(bytes[end.upperBound...])
                let lines = String(decoding: bytes[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
                let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
                    guard let colon = line.firstIndex(of: ":") else { return nil }
                    return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
                }
                return HTTPTestResponse(statusLine: lines[0], headers: headers, body: [])
            }
            guard Date() < deadline else { throw TestClientError("no response head within \(timeout) s") }
            guard let more = receive(timeout: 0.1) else { throw TestClientError("connection closed before the response head") }
            bytes += more
        }
    }

    /// Reads until the server closes the connection (true) or `timeout` passes (false).
    public func waitForClose(timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if receive(timeout: 0.05) == nil { return true }
        }
        return false
    }

    /// Reads a complete response: to Content-Length, or to the end of the connection.
    public func readResponse(timeout: Double = 10) throws -> HTTPTestResponse {
        var response = try readHead(timeout: timeout)
        let length = response.header("Content-Length").flatMap(Int.init)
        let deadline = Date().addingTimeInterval(timeout)
        while length.map({ response.body.count < $0 }) ?? true, Date() < deadline {
            guard let more = receive(timeout: 0.1) else { break }
            response.body += more
        }
        return response
    }
}

/// One GET on a fresh connection, read to the end.
public func httpGet(port: Int, _ target: String, version: String = "1.1", headers: [String: String] = [:]) throws -> HTTPTestResponse {
    try httpRequest(port: port, "GET", target, version: version, headers: headers)
}

/// Any request on a fresh connection, with an optional body, read to the end.
public func httpRequest(port: Int, _ method: String, _ target: String, version: String = "1.1",
                        headers: [String: String] = [:], body: String? = nil) throws -> HTTPTestResponse {
    let connection = try TestConnection(port: port)
    var request = "\(method) \(target) HTTP/\(version)\r\nHost: 127.0.0.1\r\nUser-Agent: synthcast-tests\r\nConnection: close\r\n"
    for (name, value) in headers { request += "\(name): \(value)\r\n" }
    if let body { request += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
    try connection.send(request + "\r\n" + (body ?? ""))
    return try connection.readResponse()
}

/// A listener reading a stream, with a clock: how much arrived, and when.
public final class StreamCapture {
    public let head: HTTPTestResponse
    public private(set) var bytes: [UInt8] = []
    /// Seconds since the request was sent when the first body byte arrived.
    public private(set) var firstByteTime: Double?
    /// (seconds since the first body byte, bytes received so far), one per read.
    public private(set) var arrivals: [(time: Double, bytes: Int)] = []
    public private(set) var closedByServer = false
    private let connection: TestConnection
    private let started = Date()

    public init(port: Int, _ target: String, version: String = "1.1", headers: [String: String] = [:], receiveBuffer: Int? = nil) throws {
        connection = try TestConnection(port: port, receiveBuffer: receiveBuffer)
        try connection.get(target, version: version, headers: headers)
        head = try connection.readHead()
    }

    /// Seconds since the first body byte (or since the request, before it).
    public var elapsed: Double { Date().timeIntervalSince(started) - (firstByteTime ?? 0) }

    /// Ends this listener with a reset rather than a goodbye (see `TestConnection`).
    public func resetOnClose() { connection.resetOnClose() }

    /// Keeps reading for `seconds`, or until the server closes the connection.
    public func read(for seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline, !closedByServer {
            guard let chunk = connection.receive(timeout: min(0.05, max(0, deadline.timeIntervalSinceNow))) else {
                closedByServer = true
                break
            }
            guard !chunk.isEmpty else { continue }
            if firstByteTime == nil { firstByteTime = Date().timeIntervalSince(started) }
            bytes += chunk
            arrivals.append((elapsed, bytes.count))
        }
    }
}

public struct TestClientError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A port on 127.0.0.1 that something is already listening on, for "port in use" tests.
public final class OccupiedPort {
    public let port: Int
    private let descriptor: Int32

    public init() throws {
        (descriptor, port) = try listenOnLoopback(backlog: 1)
    }

    deinit { Glibc.close(descriptor) }
}
