import Foundation
import Synth

/// The presets: the shipped folder (`presets/*.json`, each file one preset) and a user folder
/// beside it where presets saved through the API or the TUI go. Both are found by name; a
/// shipped preset wins over a user file of the same name, and only user presets are written
/// or deleted.
public struct PresetLibrary: Sendable {
    public let directory: URL
    /// Where saved presets go; nil: this library saves nothing.
    public let userDirectory: URL?

    public init(directory: URL, userDirectory: URL? = nil) {
        self.directory = directory
        self.userDirectory = userDirectory
    }

    /// The folders a command uses. Shipped: `folder` when given (its `--presets`), else
    /// `$SYNTHCAST_PRESETS`, else `./presets`, else the `presets` folder of the checkout the
    /// running binary was built in. User: `userFolder` (its `--user-presets`), else
    /// `$SYNTHCAST_USER_PRESETS`, else `$XDG_DATA_HOME/synthcast/presets`, else
    /// `~/.local/share/synthcast/presets`.
    public static func locate(folder: String? = nil, userFolder: String? = nil,
                              environment: [String: String] = ProcessInfo.processInfo.environment) -> PresetLibrary {
        PresetLibrary(directory: shippedDirectory(folder: folder, environment: environment),
                      userDirectory: userFolder.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? defaultUserDirectory(environment: environment))
    }

    public static func defaultUserDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let path = environment["SYNTHCAST_USER_PRESETS"], !path.isEmpty { return URL(fileURLWithPath: path, isDirectory: true) }
        let data = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share", isDirectory: true)
        return data.appendingPathComponent("synthcast/presets", isDirectory: true)
    }

    private static func shippedDirectory(folder: String?, environment: [String: String]) -> URL {
        ShippedFolder.locate("presets", marker: "test-tone.json", given: folder, environmentKey: "SYNTHCAST_PRESETS", environment: environment)
    }

    /// Names of every preset, sorted: the built-in default first, then the shipped and the
    /// user presets.
    public func names() throws(PresetError) -> [String] {
        var names = Set(try Self.presetNames(in: directory))
        if let userDirectory, FileManager.default.fileExists(atPath: userDirectory.path) {
            names.formUnion(try Self.presetNames(in: userDirectory))
        }
        names.remove(Preset.standard.name)
        return [Preset.standard.name] + names.sorted()
    }

    /// Shipped with Synthcast (or built in): read-only to the API and the TUI.
    public func isShipped(_ name: String) -> Bool {
        name == Preset.standard.name || FileManager.default.fileExists(atPath: file(named: name).path)
    }

    /// Loads a preset by name (`ambient-pad`), or by path when the argument names a file.
    public func load(_ nameOrPath: String) throws(PresetError) -> Preset {
        if nameOrPath.hasSuffix(".json") || nameOrPath.contains("/") {
            return try Self.load(file: URL(fileURLWithPath: nameOrPath))
        }
        guard let url = existingFile(named: nameOrPath) else {
            if nameOrPath == Preset.standard.name { return Preset.standard }
            let known = (try? names())?.joined(separator: ", ") ?? "none found in \(directory.path)"
            throw PresetError(source: nameOrPath, message: "no preset named '\(nameOrPath)'; available: \(known)")
        }
        return try Self.load(file: url)
    }

    /// The file a preset name loads from: the shipped one, else the user's.
    public func existingFile(named name: String) -> URL? {
        let candidates = [file(named: name)] + (userDirectory.map { [$0.appendingPathComponent(name + ".json")] } ?? [])
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// Loads and validates one preset file.
    public static func load(file url: URL) throws(PresetError) -> Preset {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw PresetError(source: url.path, message: "cannot read the file (\(reason(error)))")
        }
        return try Preset(json: data, source: url.path)
    }

    /// Writes a preset as `<name>.json` in the user folder; refuses to replace an existing
    /// file unless asked, and never writes over a shipped preset.
    @discardableResult
    public func save(_ preset: Preset, overwrite: Bool = false) throws(PresetError) -> URL {
        guard Self.isValidName(preset.name) else {
            throw PresetError(source: preset.name, message: "a preset name uses letters, digits, '-' and '_' only")
        }
        guard !isShipped(preset.name) else {
            throw PresetError(source: preset.name, message: "'\(preset.name)' is a shipped preset; save under another name")
        }
        let url = try userFile(named: preset.name)
        if !overwrite, FileManager.default.fileExists(atPath: url.path) {
            throw PresetError(source: url.path, message: "a preset with this name exists; choose another name or overwrite explicitly")
        }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try preset.jsonData().write(to: url, options: .atomic)
        } catch {
            throw PresetError(source: url.path, message: "cannot write the preset (\(Self.reason(error)))")
        }
        return url
    }

    /// Removes a user preset's file.
    public func delete(_ name: String) throws(PresetError) {
        guard !isShipped(name) else { throw PresetError(source: name, message: "'\(name)' is a shipped preset and cannot be deleted") }
        let url = try userFile(named: name)
        do { try FileManager.default.removeItem(at: url) } catch {
            throw PresetError(source: url.path, message: "cannot delete the preset (\(Self.reason(error)))")
        }
    }

    /// Where a user preset of this name lives (whether or not it exists).
    public func userFile(named name: String) throws(PresetError) -> URL {
        guard let userDirectory else { throw PresetError(source: name, message: "this server has no folder for saved presets") }
        return userDirectory.appendingPathComponent(name + ".json")
    }

    /// Where a shipped preset of this name lives.
    public func file(named name: String) -> URL {
        directory.appendingPathComponent(name + ".json")
    }

    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    private static func presetNames(in folder: URL) throws(PresetError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }
        } catch {
            throw PresetError(source: folder.path, message: "cannot read the presets folder (\(reason(error)))")
        }
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
