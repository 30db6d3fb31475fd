import Foundation
import LinliTestSupport
import Testing
@testable import LinliStore

/// Photo files are flushed before they get their name (`DurableFile`); the writing refuses to
/// replace a file, and says which file and why when it fails.
@Suite struct DurableFileTests {
    @Test func writesTheBytesAndRefusesAnExistingFile() throws {
        let scratch = try TemporaryDirectory(prefix: "linli-durable")
        let file = scratch.url.appendingPathComponent("photo.tmp")
        let bytes = (0..<70_000).map { UInt8($0 % 251) }
        try DurableFile.create(file, bytes: bytes)
        #expect(try Data(contentsOf: file) == Data(bytes))
        let refused = #expect(throws: DurableFile.Failure.self) { try DurableFile.create(file, bytes: [1]) }
        #expect(refused?.description.hasPrefix("create \(file.path): File exists") == true)
        #expect(try Data(contentsOf: file) == Data(bytes), "the first content stays")
        try DurableFile.syncDirectory(scratch.url)
        #expect(throws: DurableFile.Failure.self) { try DurableFile.syncDirectory(file) }
    }

    @Test func aStoredPhotoLeavesNoTemporaryFile() throws {
        let scratch = try TemporaryDirectory(prefix: "linli-durable")
        let storage = PhotoStorage(root: scratch.url)
        let bytes: [UInt8] = [1, 2, 3]
        let digest = PhotoStorage.sha256Hex(bytes)
        #expect(try storage.store(bytes, digest: digest, format: .png))
        #expect(try !storage.store(bytes, digest: digest, format: .png), "already there")
        let shard = scratch.url.appendingPathComponent(String(digest.prefix(2)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: shard.path) == ["\(digest).png"])
        #expect(try storage.read(digest: digest, format: .png) == Data(bytes))
    }
}
