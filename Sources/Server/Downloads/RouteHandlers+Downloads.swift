import Foundation
import NIOCore
import Synchronization

/// `GET /sessions/{id}/download?seconds=N&format=mp3|wav`: the session's current settings
/// rendered faster than real time, delivered as a static file is (ETag, ranges, 304).
extension RouteHandlers {
    func download(_ request: HTTPRequest) throws(ServiceError) -> Response {
        let (session, _) = try service.registry.find(request.pathParameter)
        let recipe = try DownloadRecipe(session: session, query: try request.query(), configuration: service.configuration)
        session.touch()
        let downloads = service.downloads, statistics = service.statistics
        if EntityTag.matches(recipe.etag, ifNoneMatch: request.head.headers) {
            var reply = Reply(status: .notModified, contentType: recipe.format.contentType, headers: [("ETag", recipe.etag)])
            reply.omitContentLength = true
            reply.cacheControl = Self.downloadCaching
            return .reply(reply)
        }
        if let cached = downloads.cache?.open(recipe.cacheName) {
            statistics.downloadCacheHits.add(1)
            return .reply(Self.downloadReply(cached.body, modified: cached.modified, recipe: recipe, request: request))
        }
        guard downloads.reserve() else {
            throw .unavailable("\(downloads.limit) downloads are rendering already (the server's --max-renders); try again in a minute")
        }
        // A client that goes away stops its render at the next block.
        let gone = ClientGone()
        request.closeFuture.whenComplete { _ in gone.flag.store(true, ordering: .relaxed) }
        let rendered = downloads.render(recipe, on: request.eventLoop) { gone.flag.load(ordering: .relaxed) }
        return .later(rendered.flatMapThrowing { file in
            guard let file else {
                statistics.downloadRendersStopped.add(1)
                return .error(.badRequest("the client went away"), json: true)
            }
            statistics.downloadRenders.add(1)
            return Self.downloadReply(file.body, modified: file.modified, recipe: recipe, request: request)
        })
    }

    /// The URL holds a token and its settings change: caches keep a copy but ask each time.
    private static let downloadCaching = "private, no-cache"

    private static func downloadReply(_ file: FileBody, modified: Date, recipe: DownloadRecipe, request: HTTPRequest) -> Reply {
        var reply = Reply.stored(file, contentType: recipe.format.contentType, etag: recipe.etag, request: request, headers: [
            ("Content-Disposition", "attachment; filename=\"\(recipe.fileName)\""),
            ("Last-Modified", Self.httpDate(modified)),
        ])
        reply.cacheControl = downloadCaching
        return reply
    }

    /// RFC 9110's IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}

/// Set once the client's connection closes.
private final class ClientGone: Sendable {
    let flag = Atomic<Bool>(false)
}
