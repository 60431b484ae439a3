import Foundation

/// Where a source goes: `icecast://[USER[:PASS]@]HOST[:PORT]/MOUNT`. The password is kept
/// apart from everything that prints (`description`, `redacted`), so it never reaches a log,
/// a JSON reply or an error message.
public struct IcecastMount: Sendable, Equatable, CustomStringConvertible {
    public let host: String
    public let port: Int
    /// The mount point, with its leading slash: `/live.mp3`.
    public let mount: String
    public let user: String
    let password: String

    public static let defaultUser = "source"
    public static let defaultPort = 8000

    /// Parses `text`; `password`, when given (from `--password-file` or the environment),
    /// stands in for a URL without one.
    public init(_ text: String, password fallback: String? = nil) throws(IcecastMountError) {
        let prefix = "icecast://"
        guard text.lowercased().hasPrefix(prefix) else {
            throw IcecastMountError("'\(Self.redact(text))' is not an Icecast URL: use icecast://[USER[:PASS]@]HOST:PORT/MOUNT")
        }
        let rest = text.dropFirst(prefix.count)
        guard let slash = rest.firstIndex(of: "/") else {
            throw IcecastMountError("'\(Self.redact(text))' has no mount point: add one, as in icecast://source:PASS@HOST:8000/live")
        }
        let authority = rest[..<slash]
        mount = String(rest[slash...])
        guard mount.count > 1, mount.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != "?" && $0 != "#" }) else {
            throw IcecastMountError("the mount point '\(mount.prefix(60))' must be a path such as /live (no spaces, no query)")
        }
        var hostPort = Substring(authority)
        var credentials: Substring?
        if let at = authority.lastIndex(of: "@") {
            credentials = authority[..<at]
            hostPort = authority[authority.index(after: at)...]
        }
        var user = Self.defaultUser
        var password: String?
        if let credentials {
            if let colon = credentials.firstIndex(of: ":") {
                user = String(credentials[..<colon])
                password = String(credentials[credentials.index(after: colon)...]).removingPercentEncoding
            } else {
                user = String(credentials)
            }
            if user.isEmpty { user = Self.defaultUser }
        }
        var port = Self.defaultPort
        var host = String(hostPort)
        if let colon = hostPort.lastIndex(of: ":"), !hostPort.hasSuffix("]") {
            host = String(hostPort[..<colon])
            guard let number = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(number) else {
                throw IcecastMountError("the port in '\(Self.redact(text))' must be a number from 1 to 65535")
            }
            port = number
        }
        host = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        guard !host.isEmpty else { throw IcecastMountError("'\(Self.redact(text))' has no host") }
        guard let password = password ?? fallback, !password.isEmpty else {
            throw IcecastMountError("no source password for \(Self.redact(text)): put it in the URL (icecast://source:PASS@…), or give --password-file or SYNTHCAST_ICECAST_PASSWORD")
        }
        self.host = host
        self.port = port
        self.user = user
        self.password = password
    }

    /// The URL without its password.
    public var description: String { "icecast://\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)\(mount)" }

    /// `Authorization` for the source and for Icecast's metadata update.
    var basicAuthorization: String { "Basic " + Data("\(user):\(password)".utf8).base64EncodedString() }

    /// `text` with anything between `//` and `@` cut down to the user name: a URL that failed
    /// to parse is still shown without its password.
    static func redact(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@") else {
            return String(text.prefix(200))
        }
        let credentials = text[scheme.upperBound..<at]
        let user = credentials.prefix { $0 != ":" }
        return String((text[..<scheme.upperBound] + user + text[at...]).prefix(200))
    }
}

/// A malformed Icecast URL or a missing password, said so a user can fix it.
public struct IcecastMountError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
