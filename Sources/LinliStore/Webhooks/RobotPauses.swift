import Foundation
import GRDB
import LinliDelivery

/// A chat platform's block on a robot ("too fast": WeCom 45009, DingTalk 130101, Feishu 11232, or
/// HTTP 429), kept as `paused_until` on every endpoint that sends to that robot, whichever of
/// them was answered.
///
/// The platform blocks the robot, not the endpoint: the worker holds the robot key in memory for
/// all of its endpoints (`RobotRateLimiter.block`), and what a restarted worker reads back must
/// say the same. Kept on the answered endpoint alone, the block was lost after a restart when that
/// endpoint had nothing left to send (disabled, deleted, or its message given up), moved to
/// another robot, or when the robot was added again as a new endpoint, and the robot's other
/// endpoints sent their messages into it, each refused and each spending a retry (helper 183).
/// Endpoints of every community are searched, disabled and deleted ones too, as the worker's
/// limiter knows no communities.
enum RobotPauses {
    /// The robot an endpoint of `format` at `url` sends to, nil for a `standard` one.
    static func robot(url: String, format: EndpointFormat) -> String? {
        URLComponents(string: url).flatMap { EndpointURLRules.robotKey(in: $0, format: format) }
    }

    /// Extends the pause of every endpoint of `robot` to `until`; never shortens one.
    static func hold(_ db: Database, robot: String, format: EndpointFormat, until: Date) throws {
        let ids = try endpoints(db, robot: robot, format: format).map(\.id)
        let extend = try db.cachedStatement(
            sql: "UPDATE webhook_endpoints SET paused_until = ?1 WHERE id = ?2 AND (paused_until IS NULL OR paused_until < ?1)")
        for id in ids { try extend.execute(arguments: [StoredTime.text(until), id]) }
    }

    /// The block an endpoint now sending to `robot` takes on: the latest still running on the
    /// robot's other endpoints, nil when none runs.
    static func running(_ db: Database, robot: String, format: EndpointFormat, excluding id: String, now: Date) throws -> Date? {
        try endpoints(db, robot: robot, format: format)
            .filter { $0.id != id }
            .compactMap(\.pausedUntil)
            .filter { $0 > now }
            .max()
    }

    /// Every endpoint of `format` whose URL names `robot`. Chat endpoints are few (a community's
    /// groups), and the key sits inside the URL in a place each platform chooses, so they are
    /// read and matched here rather than in SQL.
    private static func endpoints(_ db: Database, robot: String, format: EndpointFormat) throws -> [(id: String, pausedUntil: Date?)] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT id, url, paused_until FROM webhook_endpoints WHERE format = ?"), arguments: [format.rawValue]
        ).compactMap { row in
            let id: String = row["id"], url: String = row["url"], until: Date? = row["paused_until"]
            return Self.robot(url: url, format: format) == robot ? (id, until) : nil
        }
    }
}
