import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Debian's nginx, started for one test on 127.0.0.1 with one of the project's shipped configs
/// (`deploy/nginx/synthcast.conf` by default, or `cluster.conf`): only its marked lines change
/// (the public port, the origin or nodes, the cache folder), and a minimal nginx.conf around it
/// keeps every file in a temporary folder. Stopped (and the folder removed) when the value goes.
public final class LoopbackNginx {
    public let port: Int
    public let folder: URL
    private let process = Process()

    public convenience init(originPort: Int) throws {
        try self.init(site: "deploy/nginx/synthcast.conf") { folder, port in [
            ("proxy_cache_path /var/cache/nginx/synthcast ", "proxy_cache_path \(folder.path)/cache "),
            ("server 127.0.0.1:8000;", "server 127.0.0.1:\(originPort);"),
            ("listen 8080;", "listen 127.0.0.1:\(port);"),
        ] }
    }

    /// nginx with a shipped site config (a path in the checkout), its marked lines rewritten
    /// by `replacements` (given the temporary folder and the public port).
    public init(site path: String, replacements: (URL, Int) -> [(String, String)]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-nginx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        port = try freeLoopbackPort()
        let shipped = try String(contentsOf: BuiltProducts.repository.appendingPathComponent(path), encoding: .utf8)
        let site = try Self.replacing(in: shipped, replacements(folder, port), file: path)
        try site.write(to: folder.appendingPathComponent("synthcast.conf"), atomically: true, encoding: .utf8)
        // As root, nginx's workers would otherwise run as nobody, who cannot write this folder.
        let user = getuid() == 0 ? "user root;\n" : ""
        let temporary = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map { "\($0)_temp_path \(folder.path)/\($0);" }
        try """
            \(user)worker_processes 1;
            daemon off;
            pid \(folder.path)/nginx.pid;
            error_log \(folder.path)/error.log warn;
            events { worker_connections 4096; }
            http {
                access_log off;
                \(temporary.joined(separator: "\n    "))
                include \(folder.path)/synthcast.conf;
            }
            """.write(to: folder.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
        process.arguments = ["-p", folder.path, "-c", folder.appendingPathComponent("nginx.conf").path]
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while (try? httpGet(port: port, "/health").status) != 200 {
            guard Date() < deadline, process.isRunning else {
                let log = (try? String(contentsOf: folder.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
                throw TestClientError("nginx did not start on port \(port): \(log)")
            }
            usleep(50_000)
        }
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// What nginx logged (warnings and errors).
    public var errorLog: String { (try? String(contentsOf: folder.appendingPathComponent("error.log"), encoding: .utf8)) ?? "" }

    private static func replacing(in text: String, _ pairs: [(String, String)], file: String) throws -> String {
        var text = text
        for (old, new) in pairs {
            guard text.contains(old) else { throw TestClientError("\(file) no longer has '\(old)'") }
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }
}
