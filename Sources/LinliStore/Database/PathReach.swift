import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a path can be reached at all by this process's user.
///
/// `FileManager.fileExists` answers false both for a path that is not there and for one inside a
/// directory this user may not enter, so a config file or database behind such a directory was
/// reported as missing ("no such file", "does not exist and cannot be created") and the operator
/// looked for a typo (session 33 walk, helper 113).
public enum PathReach {
    /// The first directory on the way to `path` that this user cannot enter (search permission),
    /// when that, and not absence, is why `path` cannot be looked at; nil otherwise.
    public static func blockingDirectory(of path: String) -> String? {
        var info = stat()
        guard stat(path, &info) != 0, errno == EACCES else { return nil }
        var reached = URL(fileURLWithPath: "/")
        for component in URL(fileURLWithPath: path).standardizedFileURL.pathComponents.dropFirst().dropLast() {
            reached.appendPathComponent(component)
            if access(reached.path, X_OK) != 0 { return reached.path }
        }
        return nil
    }
}
