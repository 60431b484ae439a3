import NIOCore

/// A reply's body read from an open file and sent by the kernel (`sendfile`), uncopied: a
/// range of the file, whose descriptor is closed once nothing holds it any more (the write
/// is done, or the reply was never sent). NIO's `FileRegion` still takes the older
/// `NIOFileHandle`; its file-system module is not needed for one open file.
final class FileBody: Sendable {
    private final class OpenFile: Sendable {
        let handle: NIOFileHandle
        init(_ handle: NIOFileHandle) { self.handle = handle }
        deinit { try? handle.close() }
    }

    private let file: OpenFile
    /// The whole file's length.
    let length: Int
    let range: Range<Int>

    /// Takes over `descriptor`, open for reading, of a file `length` bytes long.
    init(descriptor: CInt, length: Int) {
        file = OpenFile(NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: descriptor))
        self.length = length
        range = 0..<length
    }

    private init(file: OpenFile, length: Int, range: Range<Int>) {
        self.file = file
        self.length = length
        self.range = range
    }

    /// Bytes `range` of the same file.
    func slice(_ range: Range<Int>) -> FileBody { FileBody(file: file, length: length, range: range) }

    var region: FileRegion { FileRegion(fileHandle: file.handle, readerIndex: range.lowerBound, endIndex: range.upperBound) }
}
