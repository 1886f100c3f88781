import BulletinCore
import BulletinStore
import ServiceKit

/// The `NAME.error.json` written beside a file moved to `failed/`: why, how often it was tried,
/// when, which bytes and which plugin versions.
public struct FailureSidecar: Sendable {
    /// The file's name in `failed/`.
    public var file: FileName
    /// Why it failed.
    public var reason: FailureReason
    /// The details (an errno text, the SQLSTATE's message…), without bulletin text.
    public var detail: String
    /// Attempts made.
    public var attempts: Int
    /// When it was first claimed.
    public var firstAttempt: WallClock.Instant
    /// When it was given up.
    public var lastAttempt: WallClock.Instant
    /// The SHA-256 of its bytes, when they were read.
    public var sha256: String?
    /// The plugins of this build.
    public var pluginVersions: [PluginVersion]

    /// A sidecar with every field.
    public init(
        file: FileName,
        reason: FailureReason,
        detail: String,
        attempts: Int,
        firstAttempt: WallClock.Instant,
        lastAttempt: WallClock.Instant,
        sha256: String?,
        pluginVersions: [PluginVersion]
    ) {
        self.file = file
        self.reason = reason
        self.detail = detail
        self.attempts = attempts
        self.firstAttempt = firstAttempt
        self.lastAttempt = lastAttempt
        self.sha256 = sha256
        self.pluginVersions = pluginVersions
    }

    /// The sidecar's JSON, one object and a newline.
    public var json: String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("file", file.description)
        writer.field("reason", reason.code)
        if case .database(let sqlState) = reason { writer.field("sqlstate", sqlState) }
        writer.field("detail", detail)
        writer.field("attempts", attempts)
        writer.field("first_attempt", firstAttempt.iso8601)
        writer.field("last_attempt", lastAttempt.iso8601)
        writer.field("sha256", sha256)
        writer.key("plugin_versions")
        writer.beginObject()
        for plugin in pluginVersions { writer.field(plugin.name, plugin.version) }
        writer.endObject()
        writer.endObject()
        return writer.output + "\n"
    }
}
