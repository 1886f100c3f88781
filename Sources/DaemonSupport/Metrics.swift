import CoreMetrics
import Prometheus
import Synchronization

/// The daemon's metrics as typed swift-metrics handles, made by one `MetricsFactory`.
///
/// The daemon uses ``prometheus()``: a `PrometheusCollectorRegistry` behind a
/// `PrometheusMetricsFactory`, rendered by ``render()`` for `/metrics`. Tests pass
/// MetricsTestKit's `TestMetrics` to ``init(factory:render:)`` and read the handles there. The
/// global `MetricsSystem` is never bootstrapped, so tests run in parallel.
///
/// Series (names and labels are a contract, listed in the README):
/// `bulletind_files_claimed_total`, `bulletind_files_done_total`,
/// `bulletind_files_failed_total{reason}`, `bulletind_documents_inserted_total`,
/// `bulletind_documents_duplicate_total`, `bulletind_observations_total{plugin,family}`,
/// `bulletind_extraction_duration_seconds{plugin}`, `bulletind_db_transaction_duration_seconds`,
/// `bulletind_db_retries_total`, `bulletind_db_reconnects_total`, `bulletind_db_up`,
/// `bulletind_queue_depth`, `bulletind_queue_oldest_waiting_seconds`, `bulletind_build_info{version}`.
public final class Metrics: Sendable {
    /// The factory every handle comes from.
    public let factory: any MetricsFactory
    private let renderer: @Sendable () -> String

    /// Files claimed from the inbox.
    public let filesClaimed: CoreMetrics.Counter
    /// Files moved to `done/` after their commit.
    public let filesDone: CoreMetrics.Counter
    /// Documents inserted.
    public let documentsInserted: CoreMetrics.Counter
    /// Files whose bytes were already stored.
    public let documentsDuplicate: CoreMetrics.Counter
    /// Time of each database write (batch).
    public let dbTransactionDuration: CoreMetrics.Timer
    /// Database writes retried after a transient failure.
    public let dbRetries: CoreMetrics.Counter
    /// Connections opened after the previous one broke.
    public let dbReconnects: CoreMetrics.Counter
    /// 1 while the database is reachable.
    public let dbUp: CoreMetrics.Gauge
    /// Files waiting in the inbox.
    public let queueDepth: CoreMetrics.Gauge
    /// Age of the oldest waiting file, in seconds.
    public let queueOldestWaiting: CoreMetrics.Gauge

    private let failedByReason = Mutex<[String: CoreMetrics.Counter]>([:])
    private let observationsByFamily = Mutex<[String: CoreMetrics.Counter]>([:])
    private let extractionByPlugin = Mutex<[String: CoreMetrics.Timer]>([:])
    private let reconnectsSeen = Mutex<Int>(0)

    /// Seconds buckets for durations.
    public static let durationBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    /// Handles made by `factory`; `render` gives the text `/metrics` serves.
    public init(factory: any MetricsFactory, render: @escaping @Sendable () -> String = { "" }) {
        self.factory = factory
        self.renderer = render
        filesClaimed = CoreMetrics.Counter(label: "bulletind_files_claimed_total", factory: factory)
        filesDone = CoreMetrics.Counter(label: "bulletind_files_done_total", factory: factory)
        documentsInserted = CoreMetrics.Counter(label: "bulletind_documents_inserted_total", factory: factory)
        documentsDuplicate = CoreMetrics.Counter(label: "bulletind_documents_duplicate_total", factory: factory)
        dbTransactionDuration = CoreMetrics.Timer(label: "bulletind_db_transaction_duration_seconds", factory: factory)
        dbRetries = CoreMetrics.Counter(label: "bulletind_db_retries_total", factory: factory)
        dbReconnects = CoreMetrics.Counter(label: "bulletind_db_reconnects_total", factory: factory)
        dbUp = CoreMetrics.Gauge(label: "bulletind_db_up", factory: factory)
        queueDepth = CoreMetrics.Gauge(label: "bulletind_queue_depth", factory: factory)
        queueOldestWaiting = CoreMetrics.Gauge(label: "bulletind_queue_oldest_waiting_seconds", factory: factory)
    }

    /// Metrics kept in a Prometheus registry of their own, rendered in the text exposition format.
    public static func prometheus() -> Metrics {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = durationBuckets
        return Metrics(factory: factory, render: { registry.emitToString() })
    }

    /// Files moved to `failed/` for `reason`.
    public func filesFailed(reason: String) -> CoreMetrics.Counter {
        failedByReason.withLock { counters in
            if let counter = counters[reason] { return counter }
            let counter = CoreMetrics.Counter(
                label: "bulletind_files_failed_total",
                dimensions: [("reason", reason)],
                factory: factory
            )
            counters[reason] = counter
            return counter
        }
    }

    /// Observations inserted for `plugin` in the key family `family`.
    public func observations(plugin: String, family: String) -> CoreMetrics.Counter {
        observationsByFamily.withLock { counters in
            let key = plugin + "\u{0}" + family
            if let counter = counters[key] { return counter }
            let counter = CoreMetrics.Counter(
                label: "bulletind_observations_total",
                dimensions: [("plugin", plugin), ("family", family)],
                factory: factory
            )
            counters[key] = counter
            return counter
        }
    }

    /// Time `plugin` spent on a document.
    public func extractionDuration(plugin: String) -> CoreMetrics.Timer {
        extractionByPlugin.withLock { timers in
            if let timer = timers[plugin] { return timer }
            let timer = CoreMetrics.Timer(
                label: "bulletind_extraction_duration_seconds",
                dimensions: [("plugin", plugin)],
                factory: factory
            )
            timers[plugin] = timer
            return timer
        }
    }

    /// Sets `bulletind_build_info{version}` to 1.
    public func recordBuildInfo(version: String) {
        CoreMetrics.Gauge(label: "bulletind_build_info", dimensions: [("version", version)], factory: factory).record(1)
    }

    /// Brings `bulletind_db_reconnects_total` up to `total` (the store counts reconnections itself).
    public func recordReconnects(total: Int) {
        let delta = reconnectsSeen.withLock { seen -> Int in
            let delta = total - seen
            if delta > 0 { seen = total }
            return delta
        }
        if delta > 0 { dbReconnects.increment(by: delta) }
    }

    /// The Prometheus text exposition (empty for a factory that keeps no registry).
    public func render() -> String { renderer() }
}
