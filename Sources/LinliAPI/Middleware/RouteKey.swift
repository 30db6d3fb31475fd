import HTTPTypes

/// A route as the allow-lists name it, "GET /v1/me": the request's method and the router's path
/// template. HEAD is named as GET, as the router answers it (`InactiveMemberRoutes`,
/// `HandOverTokenRoutes`).
enum RouteKey {
    static func of(_ method: HTTPRequest.Method, _ template: String?) -> String? {
        guard let template else { return nil }
        let asked = method == .head ? HTTPRequest.Method.get : method
        return "\(asked.rawValue) \(template)"
    }
}
