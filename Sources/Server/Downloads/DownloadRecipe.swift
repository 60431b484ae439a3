import API
import AudioFiles
import Encoder
import Foundation
import Synth

/// Everything that decides a download's bytes: the session's values and seed when asked, the
/// length, the file format and the encoder settings, and this build of the server. Its hash
/// is the download's ETag and its name in the render cache, so a repeat is a static file.
struct DownloadRecipe: Sendable {
    enum Format: String, Sendable {
        case mp3, wav

        var contentType: String { self == .mp3 ? "audio/mpeg" : "audio/wav" }
    }

    let parameters: ParameterSet
    let seed: UInt64
    let presetName: String
    let seconds: Double
    let frames: Int64
    let format: Format
    let audioFormat: AudioFormat
    let bitrate: Int
    let etag: String

    /// `?seconds=N&format=mp3|wav` on `session`; every other key is refused.
    init(session: Session, query: QueryParameters, configuration: ServerConfiguration) throws(ServiceError) {
        let limit = configuration.maxDownloadSeconds
        let unknown = try query.assignments(excluding: ["seconds", "format"]).map(\.0)
        guard unknown.isEmpty else { throw .badRequest("a download takes seconds=N and format=mp3|wav, not '\(unknown[0].prefix(40))'") }
        guard let text = try query.value(of: "seconds"), let seconds = Double(text), seconds.isFinite, seconds >= 0.1, seconds <= limit else {
            throw .badRequest("seconds takes 0.1 to \(NumberText.format(limit)) (the server's --max-download-seconds)")
        }
        let formatText = try query.value(of: "format") ?? "mp3"
        guard let format = Format(rawValue: formatText.lowercased()) else {
            throw .badRequest("format takes mp3 or wav, got '\(formatText.prefix(20))'")
        }
        parameters = session.parameters.current
        seed = session.seed
        presetName = session.presetName
        self.seconds = seconds
        audioFormat = try! configuration.audioFormat
        frames = Int64((seconds * Double(audioFormat.sampleRate)).rounded())
        self.format = format
        bitrate = configuration.bitrate
        let values = parameters.externalValues.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
        let recipe = "\(Self.buildIdentity)|\(format)|\(audioFormat.sampleRate)|\(audioFormat.channels)|\(bitrate)|\(seed)|\(frames)|\(values)"
        etag = EntityTag.of(Array(recipe.utf8))
    }

    /// The file's name for the visitor: the preset and the length.
    var fileName: String {
        let safe = presetName.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        return "\(safe.isEmpty ? "synthcast" : safe)-\(NumberText.format(seconds))s.\(format.rawValue)"
    }

    /// Its name in the render cache.
    var cacheName: String { etag.trimmingCharacters(in: ["\""]) + "." + format.rawValue }

    /// Renders into a new file at `path`; stops early (returning false) once `stop` says so.
    func render(to path: String, stop: () -> Bool) throws -> Bool {
        let writer: AudioFileWriter = switch format {
        case .mp3: try MP3FileWriter(path: path, format: audioFormat, bitrate: .constant(bitrate), maximumBlockFrames: OfflineRender.blockFrames)
        case .wav: try WAVWriter(path: path, format: audioFormat, sampleFormat: .s16)
        }
        let engine = SynthEngine(format: audioFormat, parameters: parameters, seed: seed)
        return try OfflineRender.run(engine, frames: frames, into: writer) { _ in !stop() }
    }

    /// The running binary's size and time: another build may render other bytes.
    private static let buildIdentity: String = {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return "unknown" }
        return "\(info.st_size)-\(info.st_mtim.tv_sec)-\(info.st_mtim.tv_nsec)"
    }()
}
