import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP socket bound to 127.0.0.1 at a port the system picked, not listening yet, and that
/// port. (Connections to it are refused: a dead URL whose port nothing else can take.)
public func bindLoopback() throws -> (descriptor: Int32, port: Int) {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
            bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
        }
    }
    guard bound else {
        close(descriptor)
        throw TestClientError("cannot bind a port on 127.0.0.1: errno \(errno)")
    }
    return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
}

/// A port nothing listens on now: bound, read back, released.
public func freeLoopbackPort() throws -> Int {
    let (descriptor, port) = try bindLoopback()
    close(descriptor)
    return port
}

/// A socket listening on 127.0.0.1 at a port the system picked, and that port.
public func listenOnLoopback(backlog: Int32) throws -> (descriptor: Int32, port: Int) {
    let (descriptor, port) = try bindLoopback()
    guard listen(descriptor, backlog) == 0 else {
        close(descriptor)
        throw TestClientError("cannot listen on 127.0.0.1:\(port): errno \(errno)")
    }
    return (descriptor, port)
}
