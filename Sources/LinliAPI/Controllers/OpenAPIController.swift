import Hummingbird
import NIOCore

/// Serves the API description at `/openapi.json` and `/openapi.yaml`.
struct OpenAPIController {
    let document: OpenAPIDocument

    func register(on router: Router<LinliRequestContext>) {
        let document = self.document
        router.get("/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: document.json)))
        }
        router.get("/openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: document.yaml)))
        }
    }
}
