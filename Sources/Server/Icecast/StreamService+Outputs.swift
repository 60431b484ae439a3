import API
import NIOCore

/// A session's Icecast outputs through the API: add one, list them, remove one.
extension StreamService {
    /// `POST /sessions/{id}/outputs`: starts pushing the session to the mount. Counted by
    /// admission control like a listener, since it keeps the session rendering.
    func addOutput(to id: String, _ request: IcecastOutputRequest, on eventLoop: EventLoop) throws(ServiceError) -> IcecastOutput {
        let session = try controlledSession(id)
        let mount: IcecastMount
        do { mount = try IcecastMount(request.url) } catch { throw .badRequest(error.description) }
        if session.outputs.all.contains(where: { $0.mount.description == mount.description }) {
            throw ServiceError(kind: .conflict, message: "this session already pushes to \(mount)")
        }
        if !session.isPlaying { try admit("an Icecast output waking this quiet session") }
        guard let output = startOutput(request, mount: mount, session: session, on: eventLoop) else {
            throw ServiceError(kind: .conflict, message: "a session has at most \(SessionOutputs.limit) Icecast outputs; remove one first")
        }
        session.touch()
        saveState(of: session)
        return output
    }

    /// Makes and starts an output of `session` (nil when it has its limit of them).
    func startOutput(_ request: IcecastOutputRequest, mount: IcecastMount, session: Session, on eventLoop: EventLoop) -> IcecastOutput? {
        let info = IcecastStreamInfo(name: request.name ?? "Synthcast: \(session.presetName)", description: request.description,
                                     genre: request.genre, isPublic: request.isPublic ?? false, bitrate: configuration.bitrate,
                                     sampleRate: configuration.sampleRate, channels: configuration.channels)
        let output = makeOutput(request: request, mount: mount, info: info, session: session, on: eventLoop, maxRetries: nil)
        guard session.outputs.add(output) else { return nil }
        output.start()
        logger.info("icecast output added", metadata: ["session": "\(session.token.short)", "output": "\(output.id)", "mount": "\(mount)"])
        return output
    }

    /// An output for `session`, not started. `maxRetries` nil retries for ever.
    func makeOutput(request: IcecastOutputRequest, mount: IcecastMount, info: IcecastStreamInfo, session: Session,
                    on eventLoop: EventLoop, maxRetries: Int?,
                    onFailure: (@Sendable (IcecastSourceError) -> Void)? = nil) -> IcecastOutput {
        let scheduler = scheduler
        return IcecastOutput(request: request, mount: mount, info: info, session: session, eventLoop: eventLoop, maxRetries: maxRetries,
                             maxLagSeconds: configuration.maxListenerLagSeconds, bytesPerSecond: configuration.bytesPerSecond,
                             statistics: statistics, logger: logger, wake: { scheduler.wake($0) }, onFailure: onFailure)
    }

    /// `GET /sessions/{id}/outputs`.
    func outputs(of id: String) throws(ServiceError) -> IcecastOutputList {
        IcecastOutputList(outputs: try controlledSession(id).outputs.all.map(\.summary))
    }

    /// `DELETE /sessions/{id}/outputs/{oid}`: closes the source; Icecast ends the mount.
    func removeOutput(_ outputID: String, from id: String) throws(ServiceError) {
        let session = try controlledSession(id)
        guard let output = session.outputs.remove(id: outputID) else {
            throw .notFound("session \(session.token.short)… has no output '\(outputID.prefix(20))'; GET /sessions/{id}/outputs lists them")
        }
        _ = output.stop()
        session.touch()
        saveState(of: session)
        logger.info("icecast output removed", metadata: ["session": "\(session.token.short)", "output": "\(output.id)", "mount": "\(output.mount)"])
    }
}
