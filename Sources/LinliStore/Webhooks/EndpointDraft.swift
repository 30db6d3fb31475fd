import LinliDelivery

/// What a client may set on an endpoint (create, or the present fields of an update).
public struct EndpointDraft: Sendable, Equatable {
    public var url: String?
    public var format: EndpointFormat?
    public var events: [String]?
    public var enabled: Bool?
    public var description: String?
    public var chat: ChatOptions?

    public init(
        url: String? = nil, format: EndpointFormat? = nil, events: [String]? = nil, enabled: Bool? = nil,
        description: String? = nil, chat: ChatOptions? = nil
    ) {
        self.url = url
        self.format = format
        self.events = events
        self.enabled = enabled
        self.description = description
        self.chat = chat
    }
}

/// An endpoint just created or whose secret was rotated: the only time the secret is shown.
public struct EndpointWithSecret: Sendable {
    public let endpoint: StoredEndpoint
    public let secret: String?
}
