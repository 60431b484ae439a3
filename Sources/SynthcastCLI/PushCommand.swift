import API
import ArgumentParser
import Dispatch
import Foundation
import Logging
import Presets
import Server
import Synth

/// `synthcast push`: a session straight to an Icecast mount, as its source.
struct Push: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Push a session to an Icecast mount as its source client.",
        discussion: """
        URL is icecast://[USER[:PASS]@]HOST[:PORT]/MOUNT (USER defaults to source, PORT to 8000). \
        The password may instead come from --password-file or $SYNTHCAST_ICECAST_PASSWORD, which \
        keeps it out of the process list.

        The audio is sent at its real-time pace. The mount's title follows the preset. If the \
        connection fails or drops, push reconnects after 1 s, doubling to 30 s (with jitter), \
        for ever unless --max-retries says otherwise; the session plays on meanwhile.

        Exit status: 0 after --seconds, or on Ctrl-C/SIGTERM (the source is closed cleanly); \
        1 when Icecast refuses the source (a wrong password, a mount in use) or the retries run out.

        Examples:
          synthcast push --preset drone icecast://source:PASS@localhost/drone.mp3
          export SYNTHCAST_ICECAST_PASSWORD=PASS
          synthcast push --preset test-tone --seconds 60 icecast://radio.example/tone
          synthcast check http://localhost:8000/drone.mp3    (is it really playing?)
        """
    )

    @Argument(help: ArgumentHelp("The Icecast mount: icecast://[USER[:PASS]@]HOST[:PORT]/MOUNT.", valueName: "url"))
    var url: String

    @Option(name: .long, help: "Preset name (from the presets folder) or path to a preset JSON file. Default: the built-in one.")
    var preset: String?

    @Option(name: .long, help: "Seed of the generative sequencer; overrides the preset's seed.")
    var seed: UInt64?

    @Option(name: .customLong("set"), parsing: .singleValue, help: ArgumentHelp("Set a parameter, key=value (repeatable).", valueName: "key=value"))
    var assignments: [String] = []

    @OptionGroup var format: StreamFormatOptions

    @Option(name: .long, help: "Stop after this many seconds. Default: run until interrupted.")
    var seconds: Double?

    @Option(name: .long, help: "File whose first line is the source password (when the URL has none).")
    var passwordFile: String?

    @Option(name: .long, help: "Give up after this many failed reconnects (0: never reconnect). Default: retry for ever.")
    var maxRetries: Int?

    @Option(name: .long, help: "Stream name Icecast shows (ice-name). Default: Synthcast and the preset.")
    var name: String?

    @Option(name: .long, help: "Stream description (ice-description).")
    var description: String?

    @Option(name: .long, help: "Stream genre (ice-genre).")
    var genre: String?

    @Flag(name: .customLong("public"), help: "Let Icecast list the stream in public directories (ice-public).")
    var isPublic = false

    @Option(name: .long, help: "Folder of preset files. Default: $SYNTHCAST_PRESETS, else ./presets.")
    var presets: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func validate() throws {
        if let seconds, !(seconds > 0 && seconds.isFinite) { throw ValidationError("--seconds must be more than 0") }
        if let maxRetries, maxRetries < 0 { throw ValidationError("--max-retries must be 0 or more") }
        if let seed, !Seed.range.contains(seed) { throw ValidationError("--seed takes \(Seed.allowedDescription), got \(seed)") }
        for assignment in assignments where !assignment.contains("=") {
            throw ValidationError("--set takes key=value, got '\(assignment)'")
        }
    }

    func run() throws {
        let mount: IcecastMount
        do { mount = try IcecastMount(url, password: try password()) } catch let error as IcecastMountError { throw CLIError(error.description) }
        let library = PresetLibrary.locate(folder: presets)
        let chosen = try preset.map { try library.load($0) } ?? Preset.standard
        var configuration = ServerConfiguration()
        configuration.bitrate = format.bitrate
        configuration.sampleRate = format.sampleRate
        configuration.channels = format.channels
        configuration.renderThreads = 1
        var logger = Logger(label: "synthcast.push")
        logger.logLevel = logLevel
        let info = IcecastStreamInfo(name: name ?? "Synthcast: \(chosen.name)", description: description, genre: genre, isPublic: isPublic,
                                     bitrate: format.bitrate, sampleRate: format.sampleRate, channels: format.channels)
        let pairs = assignments.map { assignment in
            let parts = assignment.split(separator: "=", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
        let push: IcecastPush
        do {
            push = try IcecastPush(configuration: configuration, presets: library, preset: chosen, seed: seed, assignments: pairs, mount: mount,
                                   info: info, maxRetries: maxRetries, logger: logger)
        } catch {
            throw CLIError("\(error)")
        }
        onStopSignals { push.stop() }
        FileHandle.standardError.write(Data("Pushing '\(chosen.name)' to \(mount) (Ctrl-C stops)\n".utf8))
        do { try push.run(seconds: seconds) } catch let error as IcecastSourceError { throw CLIError(error.description) }
    }

    /// The password from --password-file, else the environment; nil when neither has one.
    private func password() throws -> String? {
        if let passwordFile {
            guard let text = try? String(contentsOfFile: passwordFile, encoding: .utf8) else {
                throw CLIError("cannot read the password file \(passwordFile): \(String(cString: strerror(errno)))")
            }
            return text.split(whereSeparator: \.isNewline).first.map(String.init)
        }
        return ProcessInfo.processInfo.environment["SYNTHCAST_ICECAST_PASSWORD"]
    }
}
