import Synchronization

/// Prometheus metrics kept in-process and rendered in the text exposition format.
///
/// Counters and gauges are keyed by name and label set; histograms have fixed buckets.
/// Labels are given in order: `metrics.increment("bulletind_files_failed_total", ["reason": "empty"])`.
public final class Metrics: Sendable {
    struct Key: Hashable, Sendable {
        var name: String
        var labels: String
    }

    struct Histogram: Sendable {
        var buckets: [Double]
        var counts: [Int]
        var sum: Double
        var count: Int
    }

    /// A metric's `# TYPE` and `# HELP` lines.
    struct Description: Sendable {
        var type: String
        var help: String
    }

    private let counters = Mutex<[Key: Double]>([:])
    private let gauges = Mutex<[Key: Double]>([:])
    private let histograms = Mutex<[Key: Histogram]>([:])

    /// Seconds buckets for durations.
    public static let durationBuckets: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    static let descriptions: [String: Description] = [
        "bulletind_files_claimed_total": .init(type: "counter", help: "Files claimed from the inbox."),
        "bulletind_files_done_total": .init(type: "counter", help: "Files moved to done/ after their commit."),
        "bulletind_files_failed_total": .init(type: "counter", help: "Files moved to failed/, by reason."),
        "bulletind_documents_inserted_total": .init(type: "counter", help: "Documents inserted."),
        "bulletind_documents_duplicate_total": .init(type: "counter", help: "Files whose bytes were already stored."),
        "bulletind_observations_total": .init(
            type: "counter",
            help: "Observations inserted, by plugin and key family."
        ),
        "bulletind_extraction_duration_seconds": .init(
            type: "histogram",
            help: "Time each plugin spent on a document."
        ),
        "bulletind_db_transaction_duration_seconds": .init(
            type: "histogram",
            help: "Time of each database write (batch)."
        ),
        "bulletind_db_retries_total": .init(
            type: "counter",
            help: "Database writes retried after a transient failure."
        ),
        "bulletind_db_reconnects_total": .init(
            type: "counter",
            help: "Connections opened after the previous one broke."
        ),
        "bulletind_db_up": .init(type: "gauge", help: "1 while the database is reachable."),
        "bulletind_queue_depth": .init(type: "gauge", help: "Files waiting in the inbox."),
        "bulletind_queue_oldest_waiting_seconds": .init(type: "gauge", help: "Age of the oldest waiting file."),
        "bulletind_build_info": .init(type: "gauge", help: "Build information."),
    ]

    /// An empty registry.
    public init() {}

    /// Adds `value` to a counter.
    public func increment(_ name: String, _ labels: KeyValuePairs<String, String> = [:], by value: Double = 1) {
        let key = Key(name: name, labels: Self.render(labels))
        counters.withLock { $0[key, default: 0] += value }
    }

    /// Sets a gauge.
    public func set(_ name: String, _ labels: KeyValuePairs<String, String> = [:], _ value: Double) {
        let key = Key(name: name, labels: Self.render(labels))
        gauges.withLock { $0[key] = value }
    }

    /// Records one observation in a histogram.
    public func observe(
        _ name: String,
        _ labels: KeyValuePairs<String, String> = [:],
        _ value: Double,
        buckets: [Double] = Metrics.durationBuckets
    ) {
        let key = Key(name: name, labels: Self.render(labels))
        histograms.withLock { histograms in
            // Updated in place: copying the bucket array out and back for every observation
            // showed in the profile of a large backlog.
            if histograms[key] == nil {
                histograms[key] = Histogram(
                    buckets: buckets,
                    counts: Array(repeating: 0, count: buckets.count),
                    sum: 0,
                    count: 0
                )
            }
            histograms[key]!.sum += value
            histograms[key]!.count += 1
            if let first = histograms[key]!.buckets.firstIndex(where: { value <= $0 }) {
                for bucket in first..<histograms[key]!.counts.count { histograms[key]!.counts[bucket] += 1 }
            }
        }
    }

    /// A counter's or gauge's current value (for tests and status).
    public func value(_ name: String, _ labels: KeyValuePairs<String, String> = [:]) -> Double {
        let key = Key(name: name, labels: Self.render(labels))
        return counters.withLock { $0[key] } ?? gauges.withLock { $0[key] } ?? 0
    }

    /// The Prometheus text exposition.
    public func render() -> String {
        var linesByName: [String: [String]] = [:]
        for (key, value) in counters.withLock({ $0 }) {
            linesByName[key.name, default: []].append("\(key.name)\(key.labels) \(Self.number(value))")
        }
        for (key, value) in gauges.withLock({ $0 }) {
            linesByName[key.name, default: []].append("\(key.name)\(key.labels) \(Self.number(value))")
        }
        for (key, histogram) in histograms.withLock({ $0 }) {
            linesByName[key.name, default: []].append(contentsOf: Self.lines(key, histogram))
        }
        var out = ""
        for name in linesByName.keys.sorted() {
            if let description = Self.descriptions[name] {
                out += "# HELP \(name) \(description.help)\n# TYPE \(name) \(description.type)\n"
            }
            for line in linesByName[name]!.sorted() { out += line + "\n" }
        }
        return out
    }

    private static func lines(_ key: Key, _ histogram: Histogram) -> [String] {
        let inner = key.labels.isEmpty ? "" : String(key.labels.dropFirst().dropLast()) + ","
        var lines: [String] = []
        for (index, bound) in histogram.buckets.enumerated() {
            lines.append("\(key.name)_bucket{\(inner)le=\"\(number(bound))\"} \(histogram.counts[index])")
        }
        lines.append("\(key.name)_bucket{\(inner)le=\"+Inf\"} \(histogram.count)")
        lines.append("\(key.name)_sum\(key.labels) \(number(histogram.sum))")
        lines.append("\(key.name)_count\(key.labels) \(histogram.count)")
        return lines
    }

    static func render(_ labels: KeyValuePairs<String, String>) -> String {
        guard let first = labels.first else { return "" }
        // Label values are plugin names, reasons and key families: plain words need no escaping.
        let plain = first.value.utf8.allSatisfy { $0 != UInt8(ascii: "\\") && $0 != UInt8(ascii: "\"") && $0 != 10 }
        if labels.count == 1, plain {
            return "{" + first.key + "=\"" + first.value + "\"}"
        }
        return "{" + labels.map { "\($0.key)=\"\(escape($0.value))\"" }.joined(separator: ",") + "}"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
