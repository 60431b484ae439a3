import Foundation

/// The file a render writes, through plain POSIX calls so a failure (a full disk, a folder that
/// does not exist) reads as the system's own reason. It is opened at once, so a bad path fails
/// before anything renders.
///
/// An existing regular file is replaced by a new one of the same name and permissions rather
/// than emptied: emptying waits for the disk if the old pages are still being written back,
/// and on ext4 a file emptied and rewritten is flushed to disk by `close`, which would
/// hold up the end of every render over an earlier one. The old file's pages are let go on
/// another thread. Anything else (a symlink, a device, a FIFO) is written through as it is.
final class OutputFile {
    let path: String
    private var descriptor: Int32
    private var emptied = false

    init(path: String) throws {
        self.path = path
        var existing = stat()
        let replaceable = lstat(path, &existing) == 0 && existing.st_mode & S_IFMT == S_IFREG && access(path, W_OK) == 0
        let old = replaceable ? open(path, O_RDONLY | O_CLOEXEC) : -1
        if replaceable, unlink(path) == 0 {
            descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, existing.st_mode & 0o7777)
            emptied = true
        } else {
            descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o666)
            var opened = stat()
            emptied = descriptor < 0 || fstat(descriptor, &opened) != 0 || opened.st_mode & S_IFMT != S_IFREG || opened.st_size == 0
        }
        if old >= 0 { DispatchQueue.global(qos: .utility).async { close(old) } }
        guard descriptor >= 0 else { throw Self.failure(path, "(does its folder exist and is it writable?)") }
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Appends `bytes`, after emptying a file written in place the first time.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try emptyOnce()
        var rest = bytes
        while let base = rest.baseAddress, !rest.isEmpty {
            let written = Foundation.write(descriptor, base, rest.count)
            if written < 0 {
                if errno == EINTR { continue }
                throw Self.failure(path)
            }
            rest = UnsafeRawBufferPointer(rebasing: rest[written...])
        }
    }

    func write(_ bytes: some ContiguousBytes) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Overwrites the start of the file: a header whose sizes are known only at the end.
    func overwriteStart(with bytes: some ContiguousBytes) throws {
        try emptyOnce()
        guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw Self.failure(path, "(a header goes back to the start: write to a regular file)") }
        try write(bytes)
    }

    /// Closes the file; an error here (a full disk on a delayed write) means it is incomplete.
    func finish() throws {
        try emptyOnce()
        let closed = close(descriptor)
        descriptor = -1
        guard closed == 0 else { throw Self.failure(path) }
    }

    /// Empties a file written in place (one this process may not replace), on the writing
    /// thread, before its first write.
    private func emptyOnce() throws {
        guard !emptied else { return }
        emptied = true
        if ftruncate(descriptor, 0) != 0 { throw Self.failure(path) }
    }

    private static func failure(_ path: String, _ hint: String = "") -> AudioFileError {
        let reason = String(cString: strerror(errno))
        return AudioFileError("cannot write \(path): \(reason)" + (hint.isEmpty ? "" : " \(hint)"))
    }
}
