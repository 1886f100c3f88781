import Foundation
import MetricsTestKit
import Testing

@testable import DaemonSupport

@Suite("Daemon settings")
struct SettingsTests {
    @Test func defaultsFileEnvironmentFlagsInThatOrder() throws {
        var s = DaemonSettings()
        #expect(s.settleSeconds == 1 && s.batchSize == 128 && s.http == "127.0.0.1:9477")
        try s.apply(
            file: "# comment\ninbox: /srv/in  # trailing\nsettle_seconds: 2\nhttp: \"127.0.0.1:9000\"\n",
            source: "f.yaml"
        )
        #expect(s.inbox == "/srv/in" && s.settleSeconds == 2 && s.http == "127.0.0.1:9000")
        try s.apply(environment: ["BULLETIND_SETTLE_SECONDS": "3", "UNRELATED": "x"])
        #expect(s.settleSeconds == 3)
        try s.set("settle_seconds", "4", source: "--settle", line: 0)
        #expect(s.settleSeconds == 4)
    }

    @Test(
        "invalid files are refused with the line and the reason",
        arguments: [
            ("inbox: /a\nbatch_size: lots\n", 2, "batch_size"),
            ("inbox: /a\nfrobnicate: 1\n", 2, "unknown setting"),
            ("just words\n", 1, "key: value"),
            ("\n\nlog_format: xml\n", 3, "logfmt or json"),
            ("http: \"127.0.0.1:9\n", 1, "while scanning a quoted scalar"),
            ("inbox: /a\ninbox: /b\n", 2, "set twice"),
            ("inbox: [/a, /b]\n", 1, "single value"),
            ("- inbox\n", 1, "key: value"),
            ("http: 0.0.0.0:9477\nsettle_seconds: x\n", 2, "settle_seconds"),
            ("migrate: perhaps\n", 1, "true or false"),
        ]
    )
    func refused(text: String, line: Int, reason: String) {
        var s = DaemonSettings()
        do {
            try s.apply(file: text, source: "bad.yaml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.line == line)
            #expect(error.description.contains(reason), "\(error)")
            #expect(error.description.hasPrefix("bad.yaml:\(line):"))
        }
    }

    @Test func retentionAndTheReconcileWindowRunToYears() throws {
        var s = DaemonSettings()
        #expect(s.reconcileWindowSeconds == 86_400 && s.doneRetentionSeconds == 604_800)
        #expect(s.failedRetentionSeconds == 2_592_000)
        try s.apply(file: "done_retention_seconds: 31536000\nfailed_retention_seconds: 0\n", source: "f.yaml")
        try s.apply(environment: ["BULLETIND_RECONCILE_WINDOW_SECONDS": "172800"])
        #expect(s.doneRetentionSeconds == 31_536_000 && s.failedRetentionSeconds == 0)
        #expect(s.reconcileWindowSeconds == 172_800)
        #expect(s.rendered.contains("reconcile_window_seconds: 172800"))
        #expect(throws: ConfigError.self) {
            try s.set("done_retention_seconds", "-1", source: "--done-retention", line: 0)
        }
    }

    @Test func passwordsAreRedacted() {
        #expect(DaemonSettings.redacted("host=h password=s3cret dbname=d") == "host=h password=*** dbname=d")
        #expect(DaemonSettings.redacted("postgresql://u:s3cret@h/db") == "postgresql://u:***@h/db")
        var s = DaemonSettings()
        s.conninfo = "password=s3cret"
        #expect(!s.rendered.contains("s3cret"))
    }

    @Test func theExampleFileIsValid() throws {
        var s = DaemonSettings()
        let root = #filePath.split(separator: "/").dropLast(3).joined(separator: "/")
        let text = try String(contentsOfFile: "/" + root + "/Deploy/bulletind.yaml", encoding: .utf8)
        try s.apply(file: text, source: "Deploy/bulletind.yaml")
        #expect(s.inbox == "/var/lib/bulletind/inbox")
    }
}

@Suite("Prometheus exposition")
struct MetricsTests {
    @Test func rendersCountersGaugesAndHistogramsThroughSwiftPrometheus() {
        let m = Metrics.prometheus()
        m.filesFailed(reason: "empty").increment()
        m.filesFailed(reason: "empty").increment()
        m.queueDepth.record(7)
        m.dbTransactionDuration.recordNanoseconds(3_000_000)
        m.observations(plugin: "enterprises", family: "high_tech").increment(by: 4)
        m.extractionDuration(plugin: "awards").recordNanoseconds(1000)
        m.recordBuildInfo(version: "test")
        m.recordReconnects(total: 2)
        m.recordReconnects(total: 2)
        let text = m.render()
        #expect(text.contains("# TYPE bulletind_files_failed_total counter"))
        #expect(text.contains("bulletind_files_failed_total{reason=\"empty\"} 2"))
        #expect(text.contains("bulletind_queue_depth 7"))
        #expect(text.contains("bulletind_db_transaction_duration_seconds_bucket{le=\"0.0025\"} 0"))
        #expect(text.contains("bulletind_db_transaction_duration_seconds_bucket{le=\"0.005\"} 1"))
        #expect(text.contains("bulletind_db_transaction_duration_seconds_bucket{le=\"+Inf\"} 1"))
        #expect(text.contains("bulletind_db_transaction_duration_seconds_count 1"))
        #expect(text.contains("bulletind_observations_total{plugin=\"enterprises\",family=\"high_tech\"} 4"))
        #expect(text.contains("bulletind_extraction_duration_seconds_count{plugin=\"awards\"} 1"))
        #expect(text.contains("bulletind_build_info{version=\"test\"} 1"))
        #expect(text.contains("bulletind_db_reconnects_total 2"))
    }

    @Test func handlesAreTypedAndReadableInMetricsTestKit() throws {
        let test = TestMetrics()
        let m = Metrics(factory: test)
        m.filesClaimed.increment()
        m.filesFailed(reason: "too_large").increment()
        m.dbUp.record(1)
        #expect(try test.expectCounter("bulletind_files_claimed_total").totalValue == 1)
        #expect(try test.expectCounter("bulletind_files_failed_total", [("reason", "too_large")]).totalValue == 1)
        #expect(try test.expectGauge("bulletind_db_up").lastValue == 1)
    }
}
