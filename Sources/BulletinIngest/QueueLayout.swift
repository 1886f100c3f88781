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

    /// Creates the folders that are missing and opens them all; see ``QueueDirectories``. The
    /// state folder and the folders in it are created 0700: under an inbox whose group is the
    /// producers' they would inherit that group.
    /// - Throws: ``QueueLayoutError`` when a folder cannot be made or opened, or when the state
    ///   folder (or one inside it) is not private to the daemon's user.
    public func open() throws(QueueLayoutError) -> QueueDirectories {
        do {
            try FileOps.makeDirectories(inbox)
            let inboxDirectory = try Directory.open(inbox)
            let stateDirectory: Directory
            if self.state == inbox + "/.bulletind" {
                stateDirectory = try inboxDirectory.subdirectory(FileName(".bulletind"), create: true)
            } else {
                let parent = String(
                    state.split(separator: "/", omittingEmptySubsequences: false).dropLast()
                        .joined(separator: "/")
                )
                if !parent.isEmpty { try FileOps.makeDirectories(parent) }
                if mkdir(state, 0o700) != 0 && errno != EEXIST {
                    throw FileError(operation: "mkdir", path: state, errno: errno)
                }
                stateDirectory = try Directory.open(state)
            }
            try Self.requirePrivate(stateDirectory, role: "state folder")
            let processingRoot = try stateDirectory.subdirectory(FileName("processing"), create: true)
            try Self.requirePrivate(processingRoot, role: "state folder")
            let processing = try processingRoot.subdirectory(FileName(owner), create: true)
            let done = try stateDirectory.subdirectory(FileName("done"), create: true)
            let failed = try stateDirectory.subdirectory(FileName("failed"), create: true)
            for directory in [processing, done, failed] { try Self.requirePrivate(directory, role: "state folder") }
            return QueueDirectories(
                layout: self,
                inbox: inboxDirectory,
                state: stateDirectory,
                processingRoot: processingRoot,
                processing: processing,
                done: done,
                failed: failed
            )
        } catch {
            throw Self.layoutError(error)
        }
    }

    /// Opens the inbox and `done/` as they are, creating nothing (for `bulletind reconcile`,
    /// which may run as another user than the daemon's, so ownership is not checked). No
    /// symlink is followed at the last component of either.
    /// - Throws: ``QueueLayoutError`` when a folder is missing, a symlink or cannot be opened.
    public func openDone() throws(QueueLayoutError) -> (inbox: Directory, done: Directory) {
        do {
            let inboxDirectory = try Directory.open(inbox)
            let stateDirectory =
                state == inbox + "/.bulletind"
                ? try inboxDirectory.subdirectory(FileName(".bulletind")) : try Directory.open(state)
            return (inboxDirectory, try stateDirectory.subdirectory(FileName("done")))
        } catch {
            throw Self.layoutError(error)
        }
    }

    private static func layoutError(_ error: any Error) -> QueueLayoutError {
        switch error {
        case let error as FileError where error.errno == ELOOP || error.errno == ENOTDIR:
            return QueueLayoutError(
                reason: "\(error.path) is a symlink or not a directory: refusing it (it is never followed)"
            )
        case let error as FileError: return QueueLayoutError(reason: error.description)
        case let error as QueueLayoutError: return error
        default: return QueueLayoutError(reason: "\(error)")
        }
    }

    private static func requirePrivate(_ directory: Directory, role: String) throws(QueueLayoutError) {
        if let problem = directory.privacyProblem(role: role) { throw QueueLayoutError(reason: problem) }
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

/// Why the queue's folders cannot be used.
public struct QueueLayoutError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, naming the folder.
    public var reason: String

    public var description: String { reason }
}

/// The queue's folders, open: every operation on the queue goes through these descriptors, so
/// a folder renamed or replaced while the daemon runs is never followed to its replacement.
public struct QueueDirectories: Sendable {
    /// The paths (for messages).
    public let layout: QueueLayout
    /// The inbox.
    public let inbox: Directory
    /// The state folder (private to the daemon's user).
    public let state: Directory
    /// `STATE/processing`.
    public let processingRoot: Directory
    /// `STATE/processing/OWNER`.
    public let processing: Directory
    /// `STATE/done`.
    public let done: Directory
    /// `STATE/failed`.
    public let failed: Directory
}

extension String {
    func replacingDots() -> String { String(map { $0 == "." || $0 == "/" ? "-" : $0 }) }
}
