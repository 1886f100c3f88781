import BulletinCore

/// The `NAME.error.json` written beside a file moved to `failed/`.
public struct FailureSidecar: Sendable {
    public var file: FileName
    public var reason: FailureReason
    public var detail: String
    public var attempts: Int
    public var firstAttemptUnix: Double
    public var lastAttemptUnix: Double
    public var sha256: String?
    public var pluginVersions: [(String, String)]

    public init(file: FileName, reason: FailureReason, detail: String, attempts: Int, firstAttemptUnix: Double,
                lastAttemptUnix: Double, sha256: String?, pluginVersions: [(String, String)]) {
        self.file = file; self.reason = reason; self.detail = detail; self.attempts = attempts
        self.firstAttemptUnix = firstAttemptUnix; self.lastAttemptUnix = lastAttemptUnix; self.sha256 = sha256
        self.pluginVersions = pluginVersions
    }

    /// The sidecar's JSON.
    public var json: String {
        var w = JSONWriter()
        w.beginObject()
        w.field("file", file.description)
        w.field("reason", reason.code)
        if case .database(let s) = reason { w.field("sqlstate", s) }
        w.field("detail", detail)
        w.field("attempts", attempts)
        w.field("first_attempt", Self.iso(firstAttemptUnix))
        w.field("last_attempt", Self.iso(lastAttemptUnix))
        w.field("sha256", sha256)
        w.key("plugin_versions")
        w.beginObject()
        for (n, v) in pluginVersions { w.field(n, v) }
        w.endObject()
        w.endObject()
        return w.output + "\n"
    }

    /// `2026-11-29T12:00:00Z` from Unix seconds (UTC, civil-from-days).
    static func iso(_ t: Double) -> String {
        let secs = Int64(t)
        let days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400
        let rem = secs - days * 86400
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        var y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        if m <= 2 { y += 1 }
        func p(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(p(m))-\(p(d))T\(p(rem / 3600)):\(p(rem % 3600 / 60)):\(p(rem % 60))Z"
    }
}
