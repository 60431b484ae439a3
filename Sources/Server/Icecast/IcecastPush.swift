import API
import Logging
import NIOCore
import NIOPosix
import Presets
import Synth

/// `synthcast push`: one session rendered on this machine and pushed to an Icecast mount as
/// its source, without an HTTP server. The same session, pacing and output as a server's, so
/// the standalone source behaves as a server's output does (reconnects, title, faults).
public final class IcecastPush: Sendable {
    private let service: StreamService
    private let loops: MultiThreadedEventLoopGroup
    private let session: Session
    private let output: IcecastOutput
    /// Succeeds when the push should end normally (time is up, or stopped), fails with the
    /// output's error when it gives up.
    private let finished: EventLoopPromise<Void>

    public init(configuration: ServerConfiguration, presets: PresetLibrary, preset: Preset, seed: UInt64?, assignments: [(String, String)],
                mount: IcecastMount, info: IcecastStreamInfo, maxRetries: Int?, logger: Logger) throws {
        var configuration = try configuration.validated()
        configuration.maxSessions = 1
        loops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let finished = loops.next().makePromise(of: Void.self)
        self.finished = finished
        service = StreamService(configuration: configuration, presets: presets, logger: logger)
        do {
            session = try service.createSession(preset: preset, seed: seed) { (parameters: inout ParameterSet) throws(ParameterError) in
                for (key, text) in assignments { try parameters.set(key, text: text) }
            }
        } catch {
            try? loops.syncShutdownGracefully()
            service.shutdown()
            throw error
        }
        output = service.makeOutput(request: IcecastOutputRequest(url: mount.description), mount: mount, info: info, session: session,
                                    on: loops.next(), maxRetries: maxRetries) { error in
            finished.fail(error)
        }
        _ = session.outputs.add(output)
    }

    /// What the mount's listeners see as the title.
    public var title: String { session.title.text }

    /// Pushes until `seconds` have passed (nil: until `stop`), then closes the source. Throws
    /// the output's `IcecastSourceError` when it gives up (a wrong password, a mount in use,
    /// out of retries).
    public func run(seconds: Double?) throws {
        output.start()
        if let seconds {
            let finished = finished
            loops.next().scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) { finished.succeed(()) }
        }
        defer {
            try? output.stop().wait()
            service.shutdown()
            try? loops.syncShutdownGracefully()
        }
        try finished.futureResult.wait()
    }

    /// Ends `run` cleanly (SIGINT, SIGTERM): the source is closed and Icecast ends the mount.
    public func stop() { finished.succeed(()) }
}
