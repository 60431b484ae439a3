import Foundation

/// `synthcast serve` in a process of its own; killed (SIGKILL) when released.
public final class ServeProcess {
    public let port: Int
    private let process: BackgroundCommand

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts `synthcast serve --port PORT ARGUMENTS` (under `launcher`, such as
    /// `prlimit --nofile=...`, when given) and waits for it to say where it serves. Without
    /// `--state` among the arguments its sessions live in memory only (tests must not share
    /// a state file).
    public init(_ arguments: [String] = [], port: Int = 0, launcher: [String] = []) throws {
        let state = arguments.contains("--state") ? [] : ["--state", "none"]
        let serve = [BuiltProducts.synthcast.path, "serve", "--port", String(port), "--log-level", "warning"] + state + arguments
        let command = launcher + serve
        process = try BackgroundCommand(URL(fileURLWithPath: command[0]), Array(command.dropFirst()))
        guard process.waitForOutput("serving at http://127.0.0.1:", timeout: 20),
              let range = process.output.range(of: #"serving at http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression),
              let found = Int(process.output[range].split(separator: ":").last ?? "") else {
            let printed = process.output
            process.kill()
            throw TestClientError("synthcast serve did not say where it serves:\n\(printed)")
        }
        self.port = found
    }

    /// A new session of `preset`; returns its token.
    public func createSession(preset: String) throws -> String {
        let reply = try httpGet(port: port, "/create_stream?preset=\(preset)")
        guard reply.status == 200 else { throw TestClientError("create_stream: \(reply.statusLine) \(reply.text)") }
        return reply.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// SIGKILL, as a crash would: nothing is flushed or closed.
    public func kill() { process.kill() }

    public var processIdentifier: Int32 { process.processIdentifier }

    /// What it printed so far.
    public var output: String { process.output }
}
