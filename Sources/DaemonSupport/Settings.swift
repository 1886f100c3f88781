import BulletinCore

/// Every setting of the daemon, with its default; filled from the config file, then the
/// environment (`BULLETIND_<KEY>`), then flags.
///
/// The file is YAML of the flat `key: value` form (comments with `#`, quotes optional):
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
    /// `writers`: committers, each with its own connection. Defaults to `3`.
    public var writers: Int = 3
    /// `retry_initial_ms`: the first database retry delay. Defaults to `100`.
    public var retryInitialMilliseconds: Int = 100
    /// `retry_max_ms`: the longest database retry delay. Defaults to `10000`.
    public var retryMaxMilliseconds: Int = 10_000
    /// `max_permanent_attempts`: attempts before a rejected document fails. Defaults to `3`.
    public var maxPermanentAttempts: Int = 3
    /// `http`: address of the health and metrics endpoints, or `off`. Defaults to `127.0.0.1:9477`.
    public var http: String = "127.0.0.1:9477"
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

    /// The keys a file or the environment may set.
    public static let keys = [
        "inbox", "state", "conninfo", "max_file_bytes", "settle_seconds", "rescan_interval_seconds", "lease_seconds",
        "batch_size", "workers", "writers", "retry_initial_ms", "retry_max_ms", "max_permanent_attempts", "http",
        "log_format",
        "log_level", "migrate", "reprocess_on_start", "plugins_dir", "reconcile_window_seconds",
        "done_retention_seconds", "failed_retention_seconds",
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
            guard raw == "off" || Self.isAddress(raw) else { throw fail("expected HOST:PORT or off, got \"\(raw)\"") }
            http = raw
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

    /// Applies a configuration file's text.
    public mutating func apply(file text: String, source: String) throws(ConfigError) {
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.last == "\r" { line = line.dropLast() }
            let content = Self.stripComment(line).trimmingCharacters(in: " \t")
            if content.isEmpty || content == "---" { continue }
            guard let colon = content.firstIndex(of: ":") else {
                throw ConfigError(source: source, line: lineNumber, reason: "expected \"key: value\"")
            }
            let key = String(content[..<colon]).trimmingCharacters(in: " \t")
            var value = String(content[content.index(after: colon)...]).trimmingCharacters(in: " \t")
            if value.count >= 2, let f = value.first, let l = value.last,
                (f == "\"" && l == "\"") || (f == "'" && l == "'")
            {
                value = String(value.dropFirst().dropLast())
            } else if value.hasPrefix("\"") || value.hasPrefix("'") {
                throw ConfigError(source: source, line: lineNumber, reason: "\(key): unterminated quote")
            }
            if key.isEmpty || key.contains(" ") {
                throw ConfigError(
                    source: source,
                    line: lineNumber,
                    reason: "expected \"key: value\" with a key of letters and _"
                )
            }
            try set(key, value, source: source, line: lineNumber)
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

    /// A conninfo with its password hidden (`password=…`, `postgresql://u:…@h`).
    public static func redacted(_ conninfo: String) -> String {
        var out = ""
        var rest = Substring(conninfo)
        while let r = rest.range(ofASCII: "password=") {
            out += rest[..<r.upperBound] + "***"
            rest = rest[r.upperBound...].drop { $0 != " " }
        }
        out += rest
        if let scheme = out.range(ofASCII: "://"), let at = out[scheme.upperBound...].firstIndex(of: "@"),
            let colon = out[scheme.upperBound..<at].firstIndex(of: ":")
        {
            out = String(out[..<out.index(after: colon)]) + "***" + String(out[at...])
        }
        return out
    }

    private static func isAddress(_ s: String) -> Bool {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count == 2 && UInt16(parts[1]) != nil
    }

    private static func stripComment(_ line: Substring) -> String {
        var out = ""
        var quote: Character?
        for c in line {
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "#" {
                break
            }
            out.append(c)
        }
        return out
    }
}

extension StringProtocol {
    func range(ofASCII needle: String) -> Range<Index>? {
        guard !needle.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(needle) { return i..<index(i, offsetBy: needle.count) }
            i = index(after: i)
        }
        return nil
    }
}
