import Foundation
import NIOCore
import Presets

/// The web page's files (`web/` in the checkout, or `$SYNTHCAST_WEB`), read once at start
/// and served from memory with an ETag. Without them the server still runs; the pages then
/// answer 503 saying where the files were looked for.
struct WebAssets: Sendable {
    struct Asset: Sendable {
        let contentType: String
        let body: ByteBuffer
        let etag: String
    }

    let folder: URL
    private let assets: [String: Asset]

    static let contentTypes = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
        "png": "image/png", "svg": "image/svg+xml", "ico": "image/x-icon",
    ]

    init(folder: URL) {
        self.folder = folder
        var assets: [String: Asset] = [:]
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names {
            guard let type = Self.contentTypes[URL(fileURLWithPath: name).pathExtension],
                  let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { continue }
            assets[name] = Asset(contentType: type, body: ByteBuffer(bytes: data), etag: EntityTag.of(Array(data)))
        }
        self.assets = assets
    }

    static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> WebAssets {
        WebAssets(folder: ShippedFolder.locate("web", marker: "play.html", environmentKey: "SYNTHCAST_WEB", environment: environment))
    }

    subscript(name: String) -> Asset? { assets[name] }
}
