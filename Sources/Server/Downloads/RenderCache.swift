import Foundation

/// Finished downloads on disk, named by their recipe's hash, under a size cap: the least
/// recently served go first. A hit is a plain file, sent by the kernel.
final class RenderCache: Sendable {
    let folder: URL
    let capacity: Int64

    init(folder: URL, capacity: Int64) throws(ServiceError) {
        self.folder = folder
        self.capacity = capacity
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .internalError("cannot make the render cache folder \(folder.path): \(error.localizedDescription)")
        }
        // Renders cut short by a crash; a day old, so another server's render in progress stays.
        for file in files() where file.name.hasSuffix(".part") && file.modified < Date().addingTimeInterval(-86400) {
            unlink(file.path)
        }
    }

    /// The cached file `name`, opened and marked as just used; nil when there is none.
    func open(_ name: String) -> (body: FileBody, modified: Date)? {
        Self.open(folder.appendingPathComponent(name).path, markUsed: true)
    }

    /// Where a render of `name` is written before it is complete.
    func partialPath(for name: String) -> String {
        folder.appendingPathComponent(".\(name).\(UUID().uuidString.prefix(8)).part").path
    }

    /// Puts a finished render in place (a rename: readers see all of it or none), then
    /// removes the least recently used files past the cap.
    func store(_ partial: String, as name: String) throws {
        guard rename(partial, folder.appendingPathComponent(name).path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(partial)
            throw ServiceError.internalError("cannot keep a render in \(folder.path): \(reason)")
        }
        var stored = files().filter { !$0.name.hasSuffix(".part") }.sorted { $0.used < $1.used }
        var total = stored.reduce(0) { $0 + $1.size }
        while total > capacity, let oldest = stored.first, oldest.name != name {
            unlink(oldest.path)
            total -= oldest.size
            stored.removeFirst()
        }
    }

    /// Opens a file for reading; `markUsed` sets its access time, the LRU order.
    static func open(_ path: String, markUsed: Bool) -> (body: FileBody, modified: Date)? {
        let descriptor = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { close(descriptor); return nil }
        if markUsed {
            // UTIME_NOW and UTIME_OMIT (<sys/stat.h> macros Swift does not import).
            var times = [timespec(tv_sec: 0, tv_nsec: (1 << 30) - 1), timespec(tv_sec: 0, tv_nsec: (1 << 30) - 2)]
            futimens(descriptor, &times)
        }
        let modified = Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) * 1e-9)
        return (FileBody(descriptor: descriptor, length: Int(info.st_size)), modified)
    }

    private struct Entry {
        let name: String, path: String, size: Int64, used: Double, modified: Date
    }

    private func files() -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.compactMap { name in
            let path = folder.appendingPathComponent(name).path
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
            return Entry(name: name, path: path, size: Int64(info.st_size),
                         used: Double(info.st_atim.tv_sec) + Double(info.st_atim.tv_nsec) * 1e-9,
                         modified: Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec)))
        }
    }
}
