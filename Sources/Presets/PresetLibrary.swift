import Foundation
import Synth

/// The presets folder: `presets/*.json`, each file one preset, found by name or path.
public struct PresetLibrary: Sendable {
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    /// The folder a command uses: `folder` when given (its `--presets`), else
    /// `$SYNTHCAST_PRESETS`, else `./presets`, else the `presets` folder of the checkout the
    /// running binary was built in.
    public static func locate(folder: String? = nil,
                              environment: [String: String] = ProcessInfo.processInfo.environment) -> PresetLibrary {
        if let folder { return PresetLibrary(directory: URL(fileURLWithPath: folder)) }
        let fileManager = FileManager.default
        if let path = environment["SYNTHCAST_PRESETS"], !path.isEmpty {
            return PresetLibrary(directory: URL(fileURLWithPath: path, isDirectory: true))
        }
        let local = URL(fileURLWithPath: fileManager.currentDirectoryPath).appendingPathComponent("presets", isDirectory: true)
        if fileManager.fileExists(atPath: local.path) { return PresetLibrary(directory: local) }
        // .build/<config>/synthcast → the checkout root is three levels up.
        var root = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for _ in 0..<4 {
            root.deleteLastPathComponent()
            let candidate = root.appendingPathComponent("presets", isDirectory: true)
            if fileManager.fileExists(atPath: candidate.appendingPathComponent("test-tone.json").path) {
                return PresetLibrary(directory: candidate)
            }
        }
        return PresetLibrary(directory: local)
    }

    /// Names of the presets in the folder, sorted, plus the built-in default.
    public func names() throws(PresetError) -> [String] {
        let files: [String]
        do { files = try FileManager.default.contentsOfDirectory(atPath: directory.path) } catch {
            throw PresetError(source: directory.path, message: "cannot read the presets folder (\(Self.reason(error)))")
        }
        let names = files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }
        return ([Preset.standard.name] + names.filter { $0 != Preset.standard.name }.sorted())
    }

    /// Loads a preset by name (`ambient-pad`), or by path when the argument names a file.
    public func load(_ nameOrPath: String) throws(PresetError) -> Preset {
        if nameOrPath == Preset.standard.name, !FileManager.default.fileExists(atPath: file(named: nameOrPath).path) {
            return Preset.standard
        }
        if nameOrPath.hasSuffix(".json") || nameOrPath.contains("/") {
            return try Self.load(file: URL(fileURLWithPath: nameOrPath))
        }
        let url = file(named: nameOrPath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            let known = (try? names())?.joined(separator: ", ") ?? "none found in \(directory.path)"
            throw PresetError(source: nameOrPath, message: "no preset named '\(nameOrPath)'; available: \(known)")
        }
        return try Self.load(file: url)
    }

    /// Loads and validates one preset file.
    public static func load(file url: URL) throws(PresetError) -> Preset {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw PresetError(source: url.path, message: "cannot read the file (\(reason(error)))")
        }
        return try Preset(json: data, source: url.path)
    }

    /// Writes a preset as `<name>.json`; refuses to replace an existing file unless asked.
    @discardableResult
    public func save(_ preset: Preset, overwrite: Bool = false) throws(PresetError) -> URL {
        let url = file(named: preset.name)
        guard Self.isValidName(preset.name) else {
            throw PresetError(source: preset.name, message: "a preset name uses letters, digits, '-' and '_' only")
        }
        if !overwrite, FileManager.default.fileExists(atPath: url.path) {
            throw PresetError(source: url.path, message: "a preset with this name exists; choose another name or overwrite explicitly")
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try preset.jsonData().write(to: url, options: .atomic)
        } catch {
            throw PresetError(source: url.path, message: "cannot write the preset (\(Self.reason(error)))")
        }
        return url
    }

    public func file(named name: String) -> URL {
        directory.appendingPathComponent(name + ".json")
    }

    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    private static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        return nsError.localizedDescription
    }
}
