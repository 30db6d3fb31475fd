import Foundation

/// The photos directory cannot be created or written.
public struct PhotoDirectoryError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let cause: String
    public var description: String {
        cause.hasSuffix("is a file, not a directory")
            ? "photos.path \(path) cannot be used (\(cause)): set photos.path to a directory, or move the file away"
            : "photos.path \(path) cannot be used (\(cause)): create it and give the user Linli runs as write access, or set photos.path"
    }
}
