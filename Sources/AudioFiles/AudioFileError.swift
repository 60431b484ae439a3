/// A file that cannot be written, in words for the user: the path and the system's reason.
public struct AudioFileError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
