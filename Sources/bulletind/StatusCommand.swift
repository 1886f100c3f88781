import ArgumentParser
import BulletinCore
import Foundation
import BulletinDB
import BulletinQueue

/// `bulletind status`: the queue and the database at a glance.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the queue (waiting, processing, done, failed, last failures) and the database (reachability, schema, counts)."
    )

    @Option(name: .long, help: "Inbox directory.")
    var inbox: String?

    @Option(name: .long, help: "State directory (default: INBOX/.bulletind).")
    var state: String?

    @Flag(name: .long, help: "Print one JSON object.")
    var json = false

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var log: LogOptions

    func run() throws {
        let logger = try log.makeLogger()
        var w = JSONWriter()
        var text: [String] = []
        w.beginObject()
        if let inbox {
            let layout = QueueLayout(inbox: inbox, state: state, owner: "status")
            let waiting = ((try? FileOps.list(layout.inbox)) ?? []).filter { !$0.isIgnored && FileOps.status(layout.inbox, $0).kind != .directory }
            var processing = 0
            for owner in (try? FileOps.list(layout.processingRoot)) ?? [] where FileOps.status(layout.processingRoot, owner).kind == .directory {
                processing += ((try? FileOps.list(layout.processingRoot + "/\(owner)")) ?? []).count
            }
            let done = ((try? FileOps.list(layout.done)) ?? []).count
            let failedAll = (try? FileOps.list(layout.failed)) ?? []
            let sidecars = failedAll.filter { "\($0)".hasSuffix(".error.json") }
            let oldest = waiting.map { FileOps.status(layout.inbox, $0).mtimeNanos }.min()
            w.key("queue"); w.beginObject()
            w.field("waiting", waiting.count); w.field("processing", processing); w.field("done", done)
            w.field("failed", failedAll.count - sidecars.count)
            w.field("oldest_waiting_unix", oldest.map { Int($0 / 1_000_000_000) })
            w.endObject()
            text.append("queue: waiting \(waiting.count), processing \(processing), done \(done), failed \(failedAll.count - sidecars.count)")
            if let oldest {
                text.append("  oldest waiting: \(Int((Double(Date().timeIntervalSince1970) - Double(oldest) / 1e9).rounded())) s")
            }
            // The last failures, newest first, with their reasons.
            let recent = sidecars.sorted { FileOps.status(layout.failed, $0).mtimeNanos > FileOps.status(layout.failed, $1).mtimeNanos }.prefix(5)
            w.key("last_failures"); w.beginArray()
            if !recent.isEmpty { text.append("last failures:") }
            for f in recent {
                let path = layout.failed + "/" + "\(f)"
                guard let data = FileManager.default.contents(atPath: path),
                      let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { continue }
                let file = json["file"] as? String ?? "?", reason = json["reason"] as? String ?? "?"
                let detail = json["detail"] as? String ?? "", when = json["last_attempt"] as? String ?? ""
                w.beginObject(); w.field("file", file); w.field("reason", reason); w.field("detail", detail); w.field("at", when); w.endObject()
                text.append("  \(when) \(file): \(reason) (\(detail))")
            }
            w.endArray()
        }
        let db = Database(conninfo: database.resolved, logger: logger)
        do {
            let (version, docs, perPlugin) = try db.runBlocking("status") { conn throws(DatabaseError) -> (Int, String, [[String?]]) in
                let v = try Migrations.currentVersion(on: conn)
                guard v > 0 else { return (0, "0", []) }
                let d = try conn.execute("SELECT count(*) FROM bulletin.documents", operation: "status: documents").scalar ?? "0"
                let p = try conn.execute("SELECT plugin, count(*) FROM bulletin.observations GROUP BY plugin ORDER BY plugin",
                                         operation: "status: observations").rows
                return (v, d, p)
            }
            w.key("database"); w.beginObject()
            w.key("reachable"); w.bool(true); w.field("schema_version", version)
            w.field("schema_version_expected", Migrations.latestVersion); w.field("documents", Int(docs))
            w.key("observations_by_plugin"); w.beginObject()
            for row in perPlugin { w.field(row[0] ?? "?", Int(row[1] ?? "0")) }
            w.endObject(); w.endObject()
            text.append("database: reachable, schema version \(version)\(version < Migrations.latestVersion ? " (this build expects \(Migrations.latestVersion): run bulletind migrate)" : ""), \(docs) documents")
            for row in perPlugin { text.append("  \(row[0] ?? "?"): \(row[1] ?? "0") observations") }
        } catch {
            w.key("database"); w.beginObject(); w.key("reachable"); w.bool(false); w.field("error", error.description); w.endObject()
            text.append("database: unreachable (\(error))")
        }
        w.endObject()
        print(json ? w.output : text.joined(separator: "\n"))
    }
}
