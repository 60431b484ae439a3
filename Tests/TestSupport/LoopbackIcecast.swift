import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Debian's Icecast 2, started for one test on 127.0.0.1 with a generated config: a port,
/// passwords and a log folder of its own in a temporary folder. Icecast refuses to run as
/// root, so as root the config has it change to `nobody`. It can relay a mount of another
/// Icecast (`relay`). Killed (and the folder removed) when the value goes.
public final class LoopbackIcecast {
    public let port: Int
    public let folder: URL
    public let sourcePassword = "source-\(UUID().uuidString.prefix(8))"
    public let adminPassword = "admin-\(UUID().uuidString.prefix(8))"
    private var process: Process?

    /// `relay`: a mount of another Icecast this one carries to its own listeners, under the same name.
    public init(relay: (port: Int, mount: String)? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-icecast-\(UUID().uuidString)")
        let logs = folder.appendingPathComponent("log")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        port = try freeLoopbackPort()
        let asRoot = getuid() == 0
        // Icecast, as nobody, writes its logs here.
        if asRoot { chmod(logs.path, 0o777) }
        let security = asRoot ? "<security><chroot>0</chroot><changeowner><user>nobody</user><group>nogroup</group></changeowner></security>" : ""
        let relayBlock = relay.map { relay in
            """
            <relay><server>127.0.0.1</server><port>\(relay.port)</port><mount>\(relay.mount)</mount>
              <local-mount>\(relay.mount)</local-mount><on-demand>0</on-demand><relay-shoutcast-metadata>1</relay-shoutcast-metadata></relay>
            <master-update-interval>1</master-update-interval>
            """
        } ?? ""
        try """
            <icecast>
              <location>loopback</location><admin>test@localhost</admin><hostname>127.0.0.1</hostname>
              <limits><clients>200</clients><sources>10</sources><queue-size>524288</queue-size>
                <client-timeout>30</client-timeout><header-timeout>15</header-timeout><source-timeout>10</source-timeout>
                <burst-size>65536</burst-size></limits>
              <authentication><source-password>\(sourcePassword)</source-password><relay-password>\(sourcePassword)</relay-password>
                <admin-user>admin</admin-user><admin-password>\(adminPassword)</admin-password></authentication>
              <listen-socket><port>\(port)</port><bind-address>127.0.0.1</bind-address></listen-socket>
              \(relayBlock)
              <fileserve>1</fileserve>
              <paths><basedir>/usr/share/icecast2</basedir><logdir>\(logs.path)</logdir><webroot>/usr/share/icecast2/web</webroot>
                <adminroot>/usr/share/icecast2/admin</adminroot></paths>
              <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><loglevel>3</loglevel></logging>
              \(security)
            </icecast>
            """.write(to: folder.appendingPathComponent("icecast.xml"), atomically: true, encoding: .utf8)
        try start()
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Starts Icecast (again, after `kill`) on the same port, and waits until it answers.
    public func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/icecast2")
        process.arguments = ["-c", folder.appendingPathComponent("icecast.xml").path]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(10)
        while (try? httpGet(port: port, "/status-json.xsl").status) != 200 {
            guard Date() < deadline, process.isRunning else {
                throw TestClientError("icecast2 did not start on port \(port): \(errorLog.suffix(2000))")
            }
            usleep(50_000)
        }
    }

    /// Kills Icecast at once (SIGKILL): its sources and listeners see the connection drop.
    public func kill() {
        guard let process, process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// `icecast://source:PASSWORD@127.0.0.1:PORT/MOUNT`
    public func sourceURL(_ mount: String, password: String? = nil) -> String {
        "icecast://source:\(password ?? sourcePassword)@127.0.0.1:\(port)\(mount)"
    }

    /// The mounts with a source now, from `status-json.xsl`, by their listen URL's path.
    public func sources() throws -> [String: [String: Any]] {
        let response = try httpGet(port: port, "/status-json.xsl")
        guard response.status == 200,
              let json = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
              let stats = json["icestats"] as? [String: Any] else {
            throw TestClientError("status-json.xsl: \(response.statusLine) \(response.text.prefix(300))")
        }
        // One source is an object, several an array.
        let list = (stats["source"] as? [[String: Any]]) ?? (stats["source"] as? [String: Any]).map { [$0] } ?? []
        var byMount: [String: [String: Any]] = [:]
        for source in list {
            guard let url = (source["listenurl"] as? String).flatMap(URL.init(string:)) else { continue }
            byMount[url.path] = source
        }
        return byMount
    }

    /// Waits until `mount` has a source whose fields satisfy `condition`; returns it, or nil after `timeout`.
    public func waitForSource(_ mount: String, timeout: Double = 10, where condition: ([String: Any]) -> Bool = { _ in true }) -> [String: Any]? {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            if let source = try? sources()[mount], condition(source) { return source }
            usleep(100_000)
        } while Date() < deadline
        return nil
    }

    public var errorLog: String {
        (try? String(contentsOf: folder.appendingPathComponent("log/error.log"), encoding: .utf8)) ?? ""
    }
}
