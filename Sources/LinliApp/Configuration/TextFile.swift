import Foundation
import LinliRules
import LinliStore

/// Reads the text files an operator names (the config file, `rules.file`, the files given to
/// `linli rules …`) and says in plain words why one cannot be read. Foundation's own error text
/// ("The operation couldn’t be completed. (NSCocoaErrorDomain error 256.)") names neither the file
/// nor the cause, and reading a directory fails the same opaque way.
public enum TextFile {
    /// Why a file cannot be used as text; `description` names the path and the cause.
    public struct Unreadable: Error, Equatable, CustomStringConvertible {
        public enum Reason: Equatable, Sendable {
            case missing
            case directory
            case permissionDenied
            /// A directory on the way cannot be entered by this user (the file may be there).
            case directoryNotSearchable(String)
            case notUTF8
            case other(String)
        }

        public let path: String
        public let reason: Reason

        public var description: String {
            switch reason {
            case .missing: "\(path): no such file"
            case .directory: "\(path) is a directory, not a file"
            case .permissionDenied: "\(path) cannot be read by this user (permission denied); check its owner and mode"
            case .directoryNotSearchable(let directory):
                "\(path) cannot be reached by this user: the directory \(directory) may not be entered (permission denied); check its owner and mode"
            case .notUTF8: "\(path) is not UTF-8 text"
            case .other(let cause): "\(path) cannot be read: \(cause)"
            }
        }
    }

    /// The file's text, or why it has none.
    public static func read(_ path: String) throws(Unreadable) -> String {
        if let reason = problem(path) { throw Unreadable(path: path, reason: reason) }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw Unreadable(path: path, reason: .other(error.localizedDescription))
        }
        // Strict UTF-8, a leading byte-order mark (Windows Notepad) dropped: a rule file read here
        // has the content hash the API gives the same bytes.
        guard let text = RuleFileText.decode(data) else { throw Unreadable(path: path, reason: .notUTF8) }
        return text
    }

    /// Why `path` cannot be opened for reading as a file, without reading it (nil: it can).
    public static func problem(_ path: String) -> Unreadable.Reason? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return PathReach.blockingDirectory(of: path).map(Unreadable.Reason.directoryNotSearchable) ?? .missing
        }
        if isDirectory.boolValue { return .directory }
        if !FileManager.default.isReadableFile(atPath: path) { return .permissionDenied }
        return nil
    }
}
