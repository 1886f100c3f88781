import ArgumentParser
import BulletinCore
import BulletinIngest
import BulletinStore
import Foundation
import ServiceKit

/// `bulletind status`: the queue and the database at a glance.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the queue (waiting, processing, done, failed, last failures) and the database "
            + "(reachability, schema, counts)."
    )

    @Option(name: .long, help: "Inbox directory.")
    var inbox: String?

    @Option(name: .long, help: "State directory (default: INBOX/.bulletind).")
    var state: String?

    @Flag(name: .long, help: "Print one JSON object.")
    var json = false

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var log: LogOptions

    /// The report, built as JSON and as text at once.
    struct Report {
        var json = JSONWriter()
        var text: [String] = []
    }

    func run() throws {
        let logger = try log.makeLogger()
        var report = Report()
        report.json.beginObject()
        if let inbox { describeQueue(QueueLayout(inbox: inbox, state: state, owner: "status"), into: &report) }
        let client = PGClient(conninfo: database.resolved, logger: logger)
        do {
            let summary = try client.runBlocking("status") { connection throws(DatabaseError) in
                try StoreSummary.read(on: connection)
            }
            describe(summary, into: &report)
        } catch {
            report.json.key("database")
            report.json.beginObject()
            report.json.key("reachable")
            report.json.bool(false)
            report.json.field("error", error.description)
            report.json.endObject()
            report.text.append("database: unreachable (\(error))")
        }
        report.json.endObject()
        print(json ? report.json.output : report.text.joined(separator: "\n"))
    }

    private func describeQueue(_ layout: QueueLayout, into report: inout Report) {
        let waiting = ((try? FileOps.list(layout.inbox)) ?? []).filter {
            !$0.isIgnored && FileOps.status(layout.inbox, $0).kind != .directory
        }
        var processing = 0
        for owner in (try? FileOps.list(layout.processingRoot)) ?? []
        where FileOps.status(layout.processingRoot, owner).kind == .directory {
            processing += ((try? FileOps.list(layout.processingRoot + "/\(owner)")) ?? []).count
        }
        let done = ((try? FileOps.list(layout.done)) ?? []).count
        let failedAll = (try? FileOps.list(layout.failed)) ?? []
        let sidecars = failedAll.filter { "\($0)".hasSuffix(".error.json") }
        let failed = failedAll.count - sidecars.count
        let oldest = waiting.map { FileOps.status(layout.inbox, $0).mtimeNanos }.min()
        report.json.key("queue")
        report.json.beginObject()
        report.json.field("waiting", waiting.count)
        report.json.field("processing", processing)
        report.json.field("done", done)
        report.json.field("failed", failed)
        report.json.field("oldest_waiting_unix", oldest.map { Int($0 / 1_000_000_000) })
        report.json.endObject()
        report.text.append("queue: waiting \(waiting.count), processing \(processing), done \(done), failed \(failed)")
        if let oldest {
            let age = Double(WallClock().now.nanosecondsSince1970 - oldest) / 1e9
            report.text.append("  oldest waiting: \(Int(age.rounded())) s")
        }
        describeFailures(sidecars, in: layout, into: &report)
    }

    /// The last failures, newest first, with their reasons.
    private func describeFailures(_ sidecars: [FileName], in layout: QueueLayout, into report: inout Report) {
        let recent = sidecars.sorted {
            FileOps.status(layout.failed, $0).mtimeNanos > FileOps.status(layout.failed, $1).mtimeNanos
        }.prefix(5)
        report.json.key("last_failures")
        report.json.beginArray()
        if !recent.isEmpty { report.text.append("last failures:") }
        for sidecar in recent {
            let path = layout.failed + "/" + "\(sidecar)"
            guard let data = FileManager.default.contents(atPath: path),
                let fields = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { continue }
            let file = fields["file"] as? String ?? "?"
            let reason = fields["reason"] as? String ?? "?"
            let detail = fields["detail"] as? String ?? ""
            let when = fields["last_attempt"] as? String ?? ""
            report.json.beginObject()
            report.json.field("file", file)
            report.json.field("reason", reason)
            report.json.field("detail", detail)
            report.json.field("at", when)
            report.json.endObject()
            report.text.append("  \(when) \(file): \(reason) (\(detail))")
        }
        report.json.endArray()
    }

    private func describe(_ summary: StoreSummary, into report: inout Report) {
        let expected = Migrations.latestVersion
        report.json.key("database")
        report.json.beginObject()
        report.json.key("reachable")
        report.json.bool(true)
        report.json.field("schema_version", summary.schemaVersion)
        report.json.field("schema_version_expected", expected)
        report.json.field("documents", summary.documents)
        report.json.key("observations_by_plugin")
        report.json.beginObject()
        for count in summary.observationsByPlugin { report.json.field(count.plugin, count.observations) }
        report.json.endObject()
        report.json.endObject()
        let outdated =
            summary.schemaVersion < expected ? " (this build expects \(expected): run bulletind migrate)" : ""
        report.text.append(
            "database: reachable, schema version \(summary.schemaVersion)\(outdated), \(summary.documents) documents"
        )
        for count in summary.observationsByPlugin {
            report.text.append("  \(count.plugin): \(count.observations) observations")
        }
    }
}
