import Foundation

/// The photos directory cannot be created or written.
public struct PhotoDirectoryError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let cause: String
    public var description: String {
        "photos.path \(path) cannot be used (\(cause)): create it and give the user Linli runs as write access, or set photos.path"
    }
}
