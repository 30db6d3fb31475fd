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

    /// The query parameters each "METHOD /path" takes: the path item's and the operation's, inline
    /// or by `$ref` to `components/parameters` (`QueryNamesMiddleware` refuses any other name).
    public func queryParameters() throws -> [String: Set<String>] {
        guard let root = try Yams.load(yaml: yaml) as? [String: Any], let paths = root["paths"] as? [String: Any] else { return [:] }
        let shared = (root["components"] as? [String: Any])?["parameters"] as? [String: Any] ?? [:]
        func queryNames(_ list: Any?) -> Set<String> {
            var names: Set<String> = []
            for entry in list as? [Any] ?? [] {
                guard var parameter = entry as? [String: Any] else { continue }
                if let ref = parameter["$ref"] as? String, let resolved = shared[String(ref.split(separator: "/").last ?? "")] as? [String: Any] {
                    parameter = resolved
                }
                if parameter["in"] as? String == "query", let name = parameter["name"] as? String { names.insert(name) }
            }
            return names
        }
        var result: [String: Set<String>] = [:]
        for (path, item) in paths {
            guard let item = item as? [String: Any] else { continue }
            let common = queryNames(item["parameters"])
            for (key, operation) in item where Self.methods.contains(key) {
                result["\(key.uppercased()) \(path)"] = common.union(queryNames((operation as? [String: Any])?["parameters"]))
            }
        }
        return result
    }

    static let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]

    /// Every "POST|PUT|PATCH|DELETE /path" the document gives no request body: the writes that take
    /// none (`BodylessWritesMiddleware`). DELETE too (helper 185 #8: `{"reason":"停用"}` sent to
    /// delete an endpoint answered 204 and the reason was lost without a word).
    public func bodylessWrites() throws -> Set<String> {
        guard let root = try Yams.load(yaml: yaml) as? [String: Any], let paths = root["paths"] as? [String: Any] else { return [] }
        var result: Set<String> = []
        for (path, item) in paths {
            guard let item = item as? [String: Any] else { continue }
            for (key, operation) in item where ["post", "put", "patch", "delete"].contains(key) {
                if (operation as? [String: Any])?["requestBody"] == nil { result.insert("\(key.uppercased()) \(path)") }
            }
        }
        return result
    }

    /// Every "METHOD /path" the document describes.
    public func operations() throws -> Set<String> {
        guard let root = try Yams.load(yaml: yaml) as? [String: Any], let paths = root["paths"] as? [String: Any] else { return [] }
        var result: Set<String> = []
        for (path, item) in paths {
            guard let item = item as? [String: Any] else { continue }
            for key in item.keys where Self.methods.contains(key) { result.insert("\(key.uppercased()) \(path)") }
        }
        return result
    }
}
