#if canImport(Glibc)
import Glibc
#endif

/// Where the queue's files live.
///
/// ```
/// INBOX/                      files dropped by producers
/// STATE/processing/OWNER/     files claimed by one running instance (OWNER = host.pid.random)
/// STATE/processing/OWNER.lease  the owner's heartbeat (mtime refreshed while it runs)
/// STATE/done/                 stored files
/// STATE/failed/               files that can never succeed, each with NAME.error.json
/// STATE/server                the database server last written to (system id, timeline)
/// ```
/// STATE defaults to `INBOX/.bulletind`, on the same filesystem, so that claiming is a rename.
public struct QueueLayout: Sendable {
    /// The inbox, without a trailing slash.
    public let inbox: String
    /// The state folder.
    public let state: String
    /// This instance's id, `host.pid.random`.
    public let owner: String
    /// `STATE/processing`: every instance's claims.
    public var processingRoot: String { state + "/processing" }
    /// `STATE/processing/OWNER`: this instance's claims.
    public var processing: String { processingRoot + "/" + owner }
    /// `STATE/done`.
    public var done: String { state + "/done" }
    /// `STATE/failed`.
    public var failed: String { state + "/failed" }
    /// `server`, in `state`: the identity of the database server last written to.
    public var serverFile: FileName { FileName("server") }
    /// `OWNER.lease`, in `processingRoot`.
    public var leaseName: FileName { FileName(owner + ".lease") }

    /// A layout for `inbox` (and `state`, default `INBOX/.bulletind`) owned by a new instance id.
    public init(inbox: String, state: String? = nil, owner: String = QueueLayout.newOwnerID()) {
        let i = inbox.count > 1 && inbox.hasSuffix("/") ? String(inbox.dropLast()) : inbox
        self.inbox = i
        self.state = state ?? (i + "/.bulletind")
        self.owner = owner
    }

    /// Creates the folders.
    public func create() throws(FileError) {
        for d in [inbox, processingRoot, processing, done, failed] { try FileOps.makeDirectories(d) }
    }

    /// `host.pid.random`: unique per process, and telling which host and process own a claim.
    public static func newOwnerID() -> String {
        "\(hostName()).\(getpid()).\(UInt32.random(in: 0...UInt32.max) % 1_000_000)"
    }

    /// The host and process an owner id names.
    struct OwnerID: Equatable {
        /// The host name, dots replaced.
        var host: String
        /// The process id on that host.
        var pid: Int32

        /// The parts of `owner` (`host.pid.random`); nil for another form.
        init?(_ owner: String) {
            let parts = owner.split(separator: ".")
            guard parts.count >= 3, let pid = Int32(parts[parts.count - 2]) else { return nil }
            self.host = parts.dropLast(2).joined(separator: ".")
            self.pid = pid
        }
    }

    static func hostName() -> String {
        var buf = [CChar](repeating: 0, count: 256)
        gethostname(&buf, 255)
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).replacingDots()
    }
}

extension String {
    func replacingDots() -> String { String(map { $0 == "." || $0 == "/" ? "-" : $0 }) }
}
