import Foundation
import Yams

/// The OpenAPI 3.1 document (docs/openapi/openapi.yaml, embedded at build time), served as YAML
/// and JSON. Loaded once; a test checks that its operations and the router's routes are the same set.
public struct OpenAPIDocument: Sendable {
    public let yaml: String
    public let json: Data

    public static let shipped: OpenAPIDocument = {
        guard let file = EmbeddedOpenAPI.files.first(where: { $0.name == "openapi.yaml" }) else {
            preconditionFailure("docs/openapi/openapi.yaml was not embedded")
        }
        do {
            return try OpenAPIDocument(yaml: file.contents)
        } catch {
            preconditionFailure("docs/openapi/openapi.yaml is not valid YAML: \(error)")
        }
    }()

    public init(yaml: String) throws {
        self.yaml = yaml
        let object = try Yams.load(yaml: yaml) ?? [:]
        json = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// Every "METHOD /path" the document describes.
    public func operations() throws -> Set<String> {
        guard let root = try Yams.load(yaml: yaml) as? [String: Any], let paths = root["paths"] as? [String: Any] else { return [] }
        var result: Set<String> = []
        let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]
        for (path, item) in paths {
            guard let item = item as? [String: Any] else { continue }
            for key in item.keys where methods.contains(key) { result.insert("\(key.uppercased()) \(path)") }
        }
        return result
    }
}
