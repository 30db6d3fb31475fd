import Foundation
import LinliAPI
import LinliApp
import Testing
import Yams

@Suite struct OpenAPIDocumentTests {
    /// Every registered route is documented, and every documented operation is registered.
    @Test func documentAndRouterDescribeTheSameRoutes() throws {
        let fixture = try APIFixture()
        let registered = Set(fixture.router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
        let documented = try OpenAPIDocument.shipped.operations()
        #expect(registered.subtracting(documented).sorted() == [], "routes missing from docs/openapi/openapi.yaml")
        #expect(documented.subtracting(registered).sorted() == [], "documented operations with no route")
    }

    /// The served document is the file as it is now: an incremental build can keep embedding an
    /// edited file's old text (then the router tests would pass against the old document).
    @Test func embeddedDocumentIsTheFile() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/openapi/openapi.yaml")
        #expect(OpenAPIDocument.shipped.yaml == (try String(contentsOf: file, encoding: .utf8)), "rebuild after `touch Package.swift`")
    }

    /// The document's version is the release it describes (helper 149 #5: it still said 0.1.0,
    /// "members, households, tokens, audit", 41 releases on).
    @Test func documentVersionIsTheRelease() throws {
        let root = try #require(try Yams.load(yaml: OpenAPIDocument.shipped.yaml) as? [String: Any])
        #expect((root["info"] as? [String: Any])?["version"] as? String == LinliVersion.release)
    }

    @Test func servedAsJSONAndYAML() async throws {
        let fixture = try APIFixture()
        try await fixture.run { client in
            let json = try await client.call(.get, "/openapi.json")
            #expect(json.status == .ok)
            let object = try json.object()
            #expect(object["openapi"] as? String == "3.1.0")
            let yaml = try await client.call(.get, "/openapi.yaml")
            #expect(yaml.headers[.contentType]?.hasPrefix("application/yaml") == true)
            #expect(try Yams.load(yaml: String(buffer: yaml.body)) is [String: Any])
        }
    }

    /// Every `$ref` in the document points at a component that exists.
    @Test func referencesResolve() throws {
        let yaml = OpenAPIDocument.shipped.yaml
        let root = try #require(try Yams.load(yaml: yaml) as? [String: Any])
        let components = try #require(root["components"] as? [String: [String: Any]])
        let pattern = try NSRegularExpression(pattern: #"\$ref: '#/components/(\w+)/(\w+)'"#)
        let matches = pattern.matches(in: yaml, range: NSRange(yaml.startIndex..., in: yaml))
        #expect(matches.count > 20)
        for match in matches {
            let section = String(yaml[Range(match.range(at: 1), in: yaml)!])
            let name = String(yaml[Range(match.range(at: 2), in: yaml)!])
            #expect(components[section]?[name] != nil, "#/components/\(section)/\(name) does not exist")
        }
    }

    /// No key of the document is left without a value. In a flow mapping (`{ description: a, b }`)
    /// an unquoted comma ends the value, and what follows becomes a key with none: the description
    /// is cut short, and under a header object the stray key makes the document invalid.
    @Test func noKeyIsLeftEmpty() throws {
        var empty: [String] = []
        func walk(_ node: Node, _ path: String) {
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    let name = key.string ?? "?"
                    if value.null != nil { empty.append("\(path)/\(name) (line \(key.mark?.line ?? 0))") }
                    walk(value, path + "/" + name)
                }
            case .sequence(let sequence):
                for (index, value) in sequence.enumerated() { walk(value, "\(path)/\(index)") }
            default: break
            }
        }
        walk(try #require(try Yams.compose(yaml: OpenAPIDocument.shipped.yaml)), "")
        #expect(empty == [], "quote descriptions that contain a comma")
    }
}

