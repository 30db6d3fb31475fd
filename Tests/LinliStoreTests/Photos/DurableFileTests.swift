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

    /// `publish` (the photos directory's marker) shows the whole file at once, refuses a taken
    /// name like `create`, and leaves no temporary file either way.
    @Test func publishesWholeAndLeavesNoTemporaryFile() throws {
        let scratch = try TemporaryDirectory(prefix: "linli-durable")
        let file = scratch.url.appendingPathComponent(".marker")
        try DurableFile.publish(file, bytes: Array("first\n".utf8))
        let refused = #expect(throws: DurableFile.Failure.self) { try DurableFile.publish(file, bytes: Array("second\n".utf8)) }
        #expect(refused?.code == EEXIST && refused?.description.hasPrefix("create \(file.path): File exists") == true)
        #expect(try String(contentsOf: file, encoding: .utf8) == "first\n", "the first content stays")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path) == [".marker"])
    }

    /// Helper 136: a photos path that is a file, or under one, was told in Foundation's words
    /// ("NSCocoaErrorDomain error 512") with the advice to create it.
    @Test(arguments: ["afile", "afile/sub"])
    func aPhotosPathThatIsAFileIsSaidSo(_ relative: String) throws {
        let scratch = try TemporaryDirectory(prefix: "linli-photos")
        let file = scratch.url.appendingPathComponent("afile")
        try Data("x".utf8).write(to: file)
        let refused = #expect(throws: PhotoDirectoryError.self) {
            try PhotoStorage(root: scratch.url.appendingPathComponent(relative)).prepareDirectory()
        }
        let text = refused?.description ?? ""
        #expect(text.contains("\(file.path) is a file, not a directory") && text.contains("set photos.path to a directory"), "\(text)")
        #expect(!text.contains("NSCocoaErrorDomain"))
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

    /// The upload route stages the bytes (written and flushed) before its transaction and only
    /// places them inside it; what is not placed is discarded and leaves nothing.
    @Test func aStagedPhotoIsPlacedOrDiscarded() throws {
        let scratch = try TemporaryDirectory(prefix: "linli-durable")
        let storage = PhotoStorage(root: scratch.url)
        let bytes: [UInt8] = [4, 5, 6]
        let digest = PhotoStorage.sha256Hex(bytes)
        let shard = scratch.url.appendingPathComponent(String(digest.prefix(2)))
        func files() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: shard.path).sorted() }

        let refused = try storage.stage(bytes, digest: digest, format: .webp)
        #expect(try files().count == 1 && files()[0].hasSuffix(".tmp"))
        refused.discard()
        #expect(try files().isEmpty, "a refused upload leaves nothing")

        let first = try storage.stage(bytes, digest: digest, format: .webp)
        #expect(try storage.place(first))
        first.discard()
        #expect(try files() == ["\(digest).webp"])
        let again = try storage.stage(bytes, digest: digest, format: .webp)
        #expect(try !storage.place(again), "the name is taken: the same bytes")
        #expect(try files() == ["\(digest).webp"])
    }
}
