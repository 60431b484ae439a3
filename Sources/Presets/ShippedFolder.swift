import Foundation

/// A folder shipped in the checkout beside the code (`presets/`, `web/`): given explicitly,
/// else from an environment variable, else in the current folder, else in the checkout the
/// running binary was built in (`.build/<config>/synthcast` is three levels below it).
public enum ShippedFolder {
    /// `marker` is a file the folder must hold to count as the checkout's.
    public static func locate(_ name: String, marker: String, given: String? = nil, environmentKey: String,
                              environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let given { return URL(fileURLWithPath: given, isDirectory: true) }
        if let path = environment[environmentKey], !path.isEmpty { return URL(fileURLWithPath: path, isDirectory: true) }
        let fileManager = FileManager.default
        let local = URL(fileURLWithPath: fileManager.currentDirectoryPath).appendingPathComponent(name, isDirectory: true)
        if fileManager.fileExists(atPath: local.appendingPathComponent(marker).path) { return local }
        var root = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for _ in 0..<4 {
            root.deleteLastPathComponent()
            let candidate = root.appendingPathComponent(name, isDirectory: true)
            if fileManager.fileExists(atPath: candidate.appendingPathComponent(marker).path) { return candidate }
        }
        return local
    }
}
