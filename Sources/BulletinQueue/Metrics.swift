import Synchronization

/// Prometheus metrics kept in-process and rendered in the text exposition format.
///
/// Counters and gauges are keyed by name and label set; histograms have fixed buckets.
public final class Metrics: Sendable {
    struct Key: Hashable, Sendable { var name: String; var labels: String }
    struct Histogram: Sendable { var buckets: [Double]; var counts: [Int]; var sum: Double; var count: Int }

    private let counters = Mutex<[Key: Double]>([:])
    private let gauges = Mutex<[Key: Double]>([:])
    private let histograms = Mutex<[Key: Histogram]>([:])
    private let help: [String: (String, String)]

    /// Seconds buckets for durations.
    public static let durationBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    public init() {
        help = [
            "bulletind_files_claimed_total": ("counter", "Files claimed from the inbox."),
            "bulletind_files_done_total": ("counter", "Files moved to done/ after their commit."),
            "bulletind_files_failed_total": ("counter", "Files moved to failed/, by reason."),
            "bulletind_documents_inserted_total": ("counter", "Documents inserted."),
            "bulletind_documents_duplicate_total": ("counter", "Files whose bytes were already stored."),
            "bulletind_observations_total": ("counter", "Observations inserted, by plugin and key family."),
            "bulletind_extraction_duration_seconds": ("histogram", "Time each plugin spent on a document."),
            "bulletind_db_transaction_duration_seconds": ("histogram", "Time of each database write (batch)."),
            "bulletind_db_retries_total": ("counter", "Database writes retried after a transient failure."),
            "bulletind_db_reconnects_total": ("counter", "Connections opened after the previous one broke."),
            "bulletind_db_up": ("gauge", "1 while the database is reachable."),
            "bulletind_queue_depth": ("gauge", "Files waiting in the inbox."),
            "bulletind_queue_oldest_waiting_seconds": ("gauge", "Age of the oldest waiting file."),
            "bulletind_build_info": ("gauge", "Build information."),
        ]
    }

    /// Adds `value` to a counter.
    public func increment(_ name: String, _ labels: [(String, String)] = [], by value: Double = 1) {
        let k = Key(name: name, labels: Self.render(labels))
        counters.withLock { $0[k, default: 0] += value }
    }

    /// Sets a gauge.
    public func set(_ name: String, _ labels: [(String, String)] = [], _ value: Double) {
        let k = Key(name: name, labels: Self.render(labels))
        gauges.withLock { $0[k] = value }
    }

    /// Records one observation in a histogram.
    public func observe(_ name: String, _ labels: [(String, String)] = [], _ value: Double, buckets: [Double] = Metrics.durationBuckets) {
        let k = Key(name: name, labels: Self.render(labels))
        histograms.withLock { h in
            // Updated in place: copying the bucket array out and back for every observation
            // showed in the profile of a large backlog.
            if h[k] == nil { h[k] = Histogram(buckets: buckets, counts: Array(repeating: 0, count: buckets.count), sum: 0, count: 0) }
            h[k]!.sum += value
            h[k]!.count += 1
            if let i = h[k]!.buckets.firstIndex(where: { value <= $0 }) {
                for j in i..<h[k]!.counts.count { h[k]!.counts[j] += 1 }
            }
        }
    }

    /// A counter's current value (for tests and status).
    public func value(_ name: String, _ labels: [(String, String)] = []) -> Double {
        let k = Key(name: name, labels: Self.render(labels))
        return counters.withLock { $0[k] } ?? gauges.withLock { $0[k] } ?? 0
    }

    /// The Prometheus text exposition.
    public func render() -> String {
        var byName: [String: [String]] = [:]
        for (k, v) in counters.withLock({ $0 }) { byName[k.name, default: []].append("\(k.name)\(k.labels) \(Self.number(v))") }
        for (k, v) in gauges.withLock({ $0 }) { byName[k.name, default: []].append("\(k.name)\(k.labels) \(Self.number(v))") }
        for (k, h) in histograms.withLock({ $0 }) {
            let inner = k.labels.isEmpty ? "" : String(k.labels.dropFirst().dropLast()) + ","
            var lines: [String] = []
            for (i, b) in h.buckets.enumerated() { lines.append("\(k.name)_bucket{\(inner)le=\"\(Self.number(b))\"} \(h.counts[i])") }
            lines.append("\(k.name)_bucket{\(inner)le=\"+Inf\"} \(h.count)")
            lines.append("\(k.name)_sum\(k.labels) \(Self.number(h.sum))")
            lines.append("\(k.name)_count\(k.labels) \(h.count)")
            byName[k.name, default: []].append(contentsOf: lines)
        }
        var out = ""
        for name in byName.keys.sorted() {
            if let (type, text) = help[name] { out += "# HELP \(name) \(text)\n# TYPE \(name) \(type)\n" }
            for line in byName[name]!.sorted() { out += line + "\n" }
        }
        return out
    }

    static func render(_ labels: [(String, String)]) -> String {
        guard !labels.isEmpty else { return "" }
        // Label values are plugin names, reasons and key families: plain words need no escaping.
        if labels.count == 1, labels[0].1.utf8.allSatisfy({ $0 != UInt8(ascii: "\\") && $0 != UInt8(ascii: "\"") && $0 != 10 }) {
            return "{" + labels[0].0 + "=\"" + labels[0].1 + "\"}"
        }
        return "{" + labels.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",") + "}"
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}
