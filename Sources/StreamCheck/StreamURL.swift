import Foundation

/// An http:// URL split into what a connection needs: host, port and request target.
struct StreamURL: Sendable, CustomStringConvertible {
    let url: URL
    let host: String
    let port: Int
    /// Path and query, as sent in the request line.
    let target: String

    init(_ text: String) throws(CheckError) {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased() else {
            throw CheckError("'\(text)' is not a URL; give one like http://HOST:PORT/stream?id=TOKEN")
        }
        try self.init(url, scheme: scheme)
    }

    private init(_ url: URL, scheme: String) throws(CheckError) {
        guard scheme == "http" else {
            throw CheckError("\(scheme):// is not supported; check speaks plain http:// (put a TLS stream behind a local proxy)")
        }
        guard let host = url.host(percentEncoded: false), !host.isEmpty else {
            throw CheckError("'\(url.absoluteString)' names no host")
        }
        self.url = url
        self.host = host
        port = url.port ?? 80
        let path = url.path(percentEncoded: true)
        let query = url.query(percentEncoded: true).map { "?\($0)" } ?? ""
        target = (path.isEmpty ? "/" : path) + query
    }

    /// A URL a reply points to (a redirect's Location, a playlist's entry), relative to this one.
    func resolving(_ reference: String) throws(CheckError) -> StreamURL {
        guard let resolved = URL(string: reference, relativeTo: url)?.absoluteURL, let scheme = resolved.scheme?.lowercased() else {
            throw CheckError("cannot follow '\(reference.prefix(200))' from \(url.absoluteString)")
        }
        return try StreamURL(resolved, scheme: scheme)
    }

    /// This URL with a query parameter added (an HLS blocking reload's `_HLS_msn`).
    func adding(query name: String, _ value: String) -> StreamURL {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return self }
        let items = (components.queryItems ?? []).filter { $0.name != name }
        components.queryItems = items + [URLQueryItem(name: name, value: value)]
        guard let added = components.url, let result = try? StreamURL(added, scheme: "http") else { return self }
        return result
    }

    /// `host:port`, as error messages name the server.
    var authority: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    var description: String { url.absoluteString }
}
