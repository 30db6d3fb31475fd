import Foundation
import HTTPTypes
import Hummingbird
import LinliDomain
import LinliStore
import NIOCore
import NIOPosix

/// `/v1/photos`: raw image upload (validated by its bytes, scrubbed of metadata, content-addressed)
/// and download, scoped to the community that uploaded it.
struct PhotosController {
    let dependencies: APIDependencies

    func register(on group: RouterGroup<LinliRequestContext>) {
        let store = dependencies.store
        let storage = dependencies.photos

        group.post("/photos") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.listingCreate)
            let declared = request.headers[.contentType]
            // Refuse a wrong media type before reading a possibly large body.
            guard let declared, PhotoFormat(mediaType: declared) != nil else {
                throw DomainError(code: "photo.unsupported_media_type", category: .unsupportedMedia)
            }
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: storage.maxBytes)
            } catch is NIOTooManyBytesError {
                throw DomainError(code: "photo.too_large", category: .tooLarge, parameters: ["limit": String(storage.maxBytes)])
            }
            // Scrubbing, hashing and the flushed write run on the blocking-I/O pool, not on the
            // threads that serve every other request (session 28 review).
            let inspected = try await NIOThreadPool.singleton.runIfActive {
                try PhotoCommands.prepare(Array(buffer.readableBytesView), declaredType: declared, storage: storage)
            }
            // A member at her daily limit is told before anything is written (the transaction
            // checks again: this read only spares the disk).
            let now = store.clock.now()
            try await store.read { db in try PhotoCommands.checkDailyLimit(db, principal: principal, photo: inspected, storage: storage, now: now) }
            // Written and flushed before the transaction; placed under its name inside it.
            let prepared = try await NIOThreadPool.singleton.runIfActive { try PhotoCommands.stage(inspected, storage: storage) }
            defer { prepared.staged?.discard() }
            let result = try await store.transaction { tx in try PhotoCommands.record(tx, principal: principal, photo: prepared, storage: storage) }
            return try JSONResponse.view(
                PhotoView(result.photo), status: result.created ? .created : .ok, location: "/v1/photos/\(result.photo.sha256)")
        }
        group.get("/photos/{id}") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.listingRead)
            let digest = context.parameters.get("id") ?? ""
            guard PhotoDigest.isWellFormed(digest) else {
                // A photo is named by the SHA-256 of its bytes (this one: of no bytes).
                throw RequestParameters.malformedID(digest, example: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
            }
            let now = store.clock.now()
            guard let photo = try await store.read({ db in try PhotoCommands.readable(db, principal: principal, sha256: digest, now: now) })
            else { throw DomainError.notFound("photo", id: digest) }
            // The bytes under this name never change, but the photo can be taken down (its
            // listing removed): clients keep it and ask again each time (a 304 without the bytes).
            var headers: HTTPFields = [
                .contentType: photo.format.mediaType, .eTag: "\"\(digest)\"", .cacheControl: "private, no-cache",
            ]  // and `nosniff`, as every authenticated answer (`AuthMiddleware`)
            if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: {
                let tag = $0.trimmingCharacters(in: .whitespaces)
                return tag == "*" || tag == "\"\(digest)\"" || tag == "W/\"\(digest)\""
            }) {
                headers[.contentType] = nil
                return Response(status: .notModified, headers: headers)
            }
            let data: Data
            do {
                data = try await NIOThreadPool.singleton.runIfActive { try storage.read(digest: digest, format: photo.format) }
            } catch let error as CocoaError where error.code == .fileReadNoSuchFile || error.code == .fileNoSuchFile {
                // The sweep forgot the photo and removed its file between the read above and
                // this one: gone, as a request a moment later would be told. A file missing under
                // a row is a real fault and stays a 500.
                let stillThere = try await store.read { db in try PhotoCommands.fetch(db, community: principal.communityID, sha256: digest) }
                if stillThere == nil { throw DomainError.notFound("photo", id: digest) }
                throw error
            }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}
