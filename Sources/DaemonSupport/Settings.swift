import BulletinCore
import ServiceKit
import Yams

/// Every setting of the daemon, with its default; filled from the config file, then the
/// environment (`BULLETIND_<KEY>`), then flags.
///
/// The file is a YAML mapping of settings to single values (comments with `#`, quotes
/// optional, read by Yams):
/// ```yaml
/// inbox: /var/lib/bulletind/inbox
/// conninfo: "host=/run/postgresql dbname=bulletins"
/// settle_seconds: 1
/// ```
public struct DaemonSettings: Sendable, Equatable {
    /// `inbox`: the inbox directory (required).
    public var inbox: String?
    /// `state`: where processing/, done/ and failed/ live (default `INBOX/.bulletind`).
    public var state: String?
    /// `conninfo`: libpq conninfo or URI (empty: `BULLETIND_CONNINFO`, then libpq's `PG*`).
    public var conninfo: String = ""
    /// `max_file_bytes`: larger files fail unread. Defaults to 16 MiB.
    public var maxFileBytes: Int = 16 * 1024 * 1024
    /// `max_bytes_in_flight`: memory the files in hand may take at once, claim to commit, each
    /// counted as what it takes in memory (see `IngestConfiguration.memoryInHand`). Defaults to 128 MiB.
    public var maxBytesInFlight: Int = 128 * 1024 * 1024
    /// `settle_seconds`: how long a file written in place must stay unchanged. Defaults to `1`.
    public var settleSeconds: Double = 1
    /// `rescan_interval_seconds`: time between full listings of the inbox. Defaults to `30`.
    public var rescanIntervalSeconds: Double = 30
    /// `lease_seconds`: after how long a silent instance's claims are taken over. Defaults to `30`.
    public var leaseSeconds: Double = 30
    /// `batch_size`: most files committed in one transaction. Defaults to `128`.
    public var batchSize: Int = 128
    /// `workers`: extraction workers (0: one per core). Defaults to `0`.
    public var workers: Int = 0
    /// `writers`: committers, each with its own connection. Defaults to `1`.
    public var writers: Int = 1
    /// `retry_initial_ms`: the first database retry delay. Defaults to `100`.
    public var retryInitialMilliseconds: Int = 100
    /// `retry_max_ms`: the longest database retry delay. Defaults to `10000`.
    public var retryMaxMilliseconds: Int = 10_000
    /// `max_permanent_attempts`: attempts before a rejected document fails. Defaults to `3`.
    public var maxPermanentAttempts: Int = 3
    /// `http`: address of the health and metrics endpoints, or `off`. Defaults to `127.0.0.1:9477`.
    public var http: String = "127.0.0.1:9477"
    /// `http_allow_remote`: serve `http` on an address other than loopback. Defaults to `false`.
    public var httpAllowRemote: Bool = false
    /// Where `http` was set, for refusals that come after every source.
    private var httpSource = Source(source: "http", line: 0)
    /// `log_format`: `logfmt` or `json`. Defaults to `logfmt`.
    public var logFormat: String = "logfmt"
    /// `log_level`: the lowest level logged. Defaults to `info`.
    public var logLevel: String = "info"
    /// `migrate`: apply schema migrations at start. Defaults to `true`.
    public var migrate: Bool = true
    /// `reprocess_on_start`: re-extract documents of older plugin versions at start. Defaults to `false`.
    public var reprocessOnStart: Bool = false
    /// `plugins_dir`: operator rule packs (`*.yaml`) loaded at start. Defaults to `/etc/bulletind/plugins.d`.
    public var pluginsDir: String = DaemonSettings.defaultPluginsDir
    /// `reconcile_window_seconds`: after the database server changes (a failover), the files
    /// moved to `done/` this far back are checked against the database. Defaults to 1 day.
    public var reconcileWindowSeconds: Double = 86_400
    /// `done_retention_seconds`: how long `done/` keeps a file (never less than the reconcile
    /// window; 0 keeps files for ever). Defaults to 7 days.
    public var doneRetentionSeconds: Double = 7 * 86_400
    /// `failed_retention_seconds`: how long `failed/` keeps a file and its sidecar (0 keeps them
    /// for ever). Defaults to 30 days.
    public var failedRetentionSeconds: Double = 30 * 86_400

    /// Where operator rule packs live unless `plugins_dir` says otherwise.
    public static let defaultPluginsDir = "/etc/bulletind/plugins.d"

    /// Every setting at its default.
    public init() {}

    /// A file and line (0 for the environment and flags).
    struct Source: Sendable, Equatable {
        var source: String
        var line: Int
    }

    /// The keys a file or the environment may set.
    public static let keys = [
        "inbox", "state", "conninfo", "max_file_bytes", "max_bytes_in_flight", "settle_seconds",
        "rescan_interval_seconds", "lease_seconds",
        "batch_size", "workers", "writers", "retry_initial_ms", "retry_max_ms", "max_permanent_attempts", "http",
        "http_allow_remote", "log_format", "log_level", "migrate", "reprocess_on_start", "plugins_dir",
        "reconcile_window_seconds", "done_retention_seconds", "failed_retention_seconds",
    ]

    /// Sets `key` from its text; `source` and `line` locate errors.
    public mutating func set(_ key: String, _ raw: String, source: String, line: Int) throws(ConfigError) {
        func fail(_ why: String) -> ConfigError { ConfigError(source: source, line: line, reason: "\(key): \(why)") }
        func int(_ range: ClosedRange<Int>) throws(ConfigError) -> Int {
            guard let v = Int(raw), range.contains(v) else {
                throw fail("expected an integer in \(range.lowerBound)…\(range.upperBound), got \"\(raw)\"")
            }
            return v
        }
        func seconds() throws(ConfigError) -> Double {
            guard let v = Double(raw), v >= 0, v <= 86_400 else {
                throw fail("expected seconds (0…86400), got \"\(raw)\"")
            }
            return v
        }
        func longSeconds() throws(ConfigError) -> Double {
            // Retention and windows run to years: up to 10 years of seconds.
            guard let v = Double(raw), v >= 0, v <= 315_360_000 else {
                throw fail("expected seconds (0…315360000), got \"\(raw)\"")
            }
            return v
        }
        func bool() throws(ConfigError) -> Bool {
            switch raw.lowercased() {
            case "true", "yes", "on", "1": return true
            case "false", "no", "off", "0": return false
            default: throw fail("expected true or false, got \"\(raw)\"")
            }
        }
        switch key {
        case "inbox":
            guard !raw.isEmpty else { throw fail("must not be empty") }
            inbox = raw
        case "state": state = raw.isEmpty ? nil : raw
        case "conninfo": conninfo = raw
        case "max_file_bytes": maxFileBytes = try int(1...(1 << 34))
        case "max_bytes_in_flight": maxBytesInFlight = try int((1 << 20)...(1 << 34))
        case "settle_seconds": settleSeconds = try seconds()
        case "rescan_interval_seconds": rescanIntervalSeconds = max(0.1, try seconds())
        case "lease_seconds": leaseSeconds = max(0.1, try seconds())
        case "batch_size": batchSize = try int(1...1000)
        case "workers": workers = try int(0...256)
        case "writers": writers = try int(1...16)
        case "retry_initial_ms": retryInitialMilliseconds = try int(1...600_000)
        case "retry_max_ms": retryMaxMilliseconds = try int(1...3_600_000)
        case "max_permanent_attempts": maxPermanentAttempts = try int(1...100)
        case "http":
            guard raw == "off" || HTTPAddress(raw) != nil else {
                throw fail("expected HOST:PORT (an IPv4 address or localhost) or off, got \"\(raw)\"")
            }
            http = raw
            httpSource = Source(source: source, line: line)
        case "http_allow_remote": httpAllowRemote = try bool()
        case "log_format":
            guard raw == "logfmt" || raw == "json" else { throw fail("expected logfmt or json, got \"\(raw)\"") }
            logFormat = raw
        case "log_level":
            guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(raw) else {
                throw fail("unknown level \"\(raw)\"")
            }
            logLevel = raw
        case "migrate": migrate = try bool()
        case "reprocess_on_start": reprocessOnStart = try bool()
        case "plugins_dir":
            guard !raw.isEmpty else { throw fail("must not be empty") }
            pluginsDir = raw
        case "reconcile_window_seconds": reconcileWindowSeconds = max(1, try longSeconds())
        case "done_retention_seconds": doneRetentionSeconds = try longSeconds()
        case "failed_retention_seconds": failedRetentionSeconds = try longSeconds()
        default:
            throw ConfigError(
                source: source,
                line: line,
                reason: "unknown setting \"\(key)\" (known: \(Self.keys.joined(separator: ", ")))"
            )
        }
    }

    /// Applies a configuration file's text: a YAML mapping of settings to single values
    /// (Yams composes it; each refusal names the line of the offending key or value).
    public mutating func apply(file text: String, source: String) throws(ConfigError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
            let keys = duplicates.joined(separator: ", ")
            // Yams marks the mapping; name the line that sets the key again.
            var seen = 0
            var line = context.mark.line
            for (index, text) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where duplicates.contains(where: { text.hasPrefix($0 + ":") }) {
                seen += 1
                if seen == 2 {
                    line = index + 1
                    break
                }
            }
            throw ConfigError(source: source, line: line, reason: "\(keys): set twice")
        } catch let error as YamlError {
            throw ConfigError(
                source: source,
                line: Self.line(of: error),
                reason: "not YAML: \(Self.problem(of: error))"
            )
        } catch {
            throw ConfigError(source: source, line: 0, reason: "not YAML")
        }
        guard let root else { return }  // empty, or comments only
        if case .scalar(let scalar) = root, scalar.style == .plain, Self.isNull(scalar.string) { return }
        guard let mapping = root.mapping else {
            throw ConfigError(source: source, line: root.mark?.line ?? 1, reason: "expected \"key: value\" lines")
        }
        var seen = Set<String>()
        for (keyNode, valueNode) in mapping {
            let line = keyNode.mark?.line ?? 0
            guard let key = keyNode.scalar?.string, !key.isEmpty else {
                throw ConfigError(
                    source: source,
                    line: line,
                    reason: "expected \"key: value\" with a key of letters and _"
                )
            }
            guard seen.insert(key).inserted else {
                throw ConfigError(source: source, line: line, reason: "\(key): set twice")
            }
            guard let scalar = valueNode.scalar else {
                throw ConfigError(
                    source: source,
                    line: valueNode.mark?.line ?? line,
                    reason: "\(key): expected a single value, not a list or mapping"
                )
            }
            // `key:`, `key: ~` and `key: null` mean "unset" (the default, or empty text).
            let value = scalar.style == .plain && Self.isNull(scalar.string) ? "" : scalar.string
            try set(key, value, source: source, line: valueNode.mark?.line ?? line)
        }
    }

    private static func isNull(_ s: String) -> Bool { ["", "~", "null", "Null", "NULL"].contains(s) }

    /// The line of a YAML error: where the construct it is about began (an unterminated quote's
    /// opening line), else where the problem was found.
    private static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(let context, _, let mark, _), .parser(let context, _, let mark, _),
            .composer(let context, _, let mark, _):
            context?.mark.line ?? mark.line
        default: 0
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
            .composer(let context, let problem, _, _):
            context.map { "\($0.text): \(problem)" } ?? problem
        case .reader(let problem, _, _, _): problem
        default: "unreadable"
        }
    }

    /// Applies `BULLETIND_<KEY>` variables (e.g. `BULLETIND_SETTLE_SECONDS=2`).
    public mutating func apply(environment: [String: String]) throws(ConfigError) {
        for key in Self.keys {
            if let v = environment["BULLETIND_" + key.uppercased()] {
                try set(key, v, source: "BULLETIND_" + key.uppercased(), line: 0)
            }
        }
    }

    /// The settings as `key: value` lines, in the file format.
    public var rendered: String {
        func q(_ s: String) -> String { "\"" + s.replacingAll("\"", with: "\\\"") + "\"" }
        return """
            inbox: \(inbox.map(q) ?? "null")
            state: \(state.map(q) ?? "\"\"")
            conninfo: \(conninfo.isEmpty ? "\"\"" : q(Self.redacted(conninfo)))
            max_file_bytes: \(maxFileBytes)
            max_bytes_in_flight: \(maxBytesInFlight)
            settle_seconds: \(settleSeconds)
            rescan_interval_seconds: \(rescanIntervalSeconds)
            lease_seconds: \(leaseSeconds)
            batch_size: \(batchSize)
            workers: \(workers)
            writers: \(writers)
            retry_initial_ms: \(retryInitialMilliseconds)
            retry_max_ms: \(retryMaxMilliseconds)
            max_permanent_attempts: \(maxPermanentAttempts)
            http: \(http)
            http_allow_remote: \(httpAllowRemote)
            log_format: \(logFormat)
            log_level: \(logLevel)
            migrate: \(migrate)
            reprocess_on_start: \(reprocessOnStart)
            plugins_dir: \(q(pluginsDir))
            reconcile_window_seconds: \(reconcileWindowSeconds)
            done_retention_seconds: \(doneRetentionSeconds)
            failed_retention_seconds: \(failedRetentionSeconds)
            """
    }

    /// A conninfo with its password hidden (`password = …`, quoted or not; `postgresql://u:…@h`).
    public static func redacted(_ conninfo: String) -> String { ConninfoRedaction.redacted(conninfo) }

    /// Refusals that depend on several settings, once every source was applied: an `http`
    /// address off loopback needs `http_allow_remote: true`.
    public func validate() throws(ConfigError) {
        if http != "off", let address = HTTPAddress(http), !address.isLoopback, !httpAllowRemote {
            throw ConfigError(
                source: httpSource.source,
                line: httpSource.line,
                reason: "http: \(http) is not a loopback address; /readyz and /metrics would be open to the network "
                    + "(set http_allow_remote: true to mean it, or use 127.0.0.1:PORT)"
            )
        }
    }
}
