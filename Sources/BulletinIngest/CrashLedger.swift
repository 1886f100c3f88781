import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Remembers which files were being extracted when an instance stopped without warning, so
/// that a file that makes the extractor crash (a trap the fuzzing never found) cannot keep a
/// restarted daemon in a crash loop with every other file of the queue behind it.
///
/// While a worker extracts a file, the file's name sits in the worker's marker,
/// `STATE/processing/OWNER.extracting-N`, a page of the file mapped shared into memory: naming
/// the file and clearing the marker are stores into that page, not system calls, and the page
/// cache keeps them when the process dies. The instance that takes over
/// the claimed files of a dead owner reads its markers and its ledger of counts
/// (`OWNER.suspects`): a file named in a marker was in the extractor when the process died,
/// and its count goes up by one. A file with a count is a suspect: it is extracted alone
/// first (``CrashCount/Verdict/suspect``), which clears its count when it passes; a file whose
/// count reaches ``CrashCount/limit`` goes to `failed/` (`crashed_extractor`) unread.
///
/// A file extracted beside the culprit gets one count from the same crash, and loses it when
/// it passes alone; a `kill -9` of a healthy daemon costs a file a count only if it lands while
/// the file is in the extractor, and it takes ``CrashCount/limit`` such coincidences in a row.
public final class CrashLedger: Sendable {
    /// The folders, open.
    public let directories: QueueDirectories
    private let markers: [Marker]
    private let counts = Mutex<[FileName: Int]>([:])

    /// One worker's marker file: its descriptor and, when mapping it worked, its page in memory.
    /// Only the worker of its slot writes it, one file at a time.
    private struct Marker: @unchecked Sendable {
        var fd: Int32
        var page: UnsafeMutableRawPointer?
    }

    /// The bytes of a marker file: a name (at most 255 bytes) and its NUL fit.
    private static let markerSize = 4096

    /// A ledger for the owner of `directories`, with `slots` markers (one per worker, one for
    /// the probe of suspects). Markers that cannot be created are skipped: the ledger is a
    /// safety net, never a reason not to ingest.
    public init(directories: QueueDirectories, slots: Int) {
        self.directories = directories
        var markers: [Marker] = []
        for slot in 0..<max(1, slots) {
            let name = Self.markerName(owner: directories.layout.owner, slot: slot)
            unlinkat(directories.processingRoot.fd, name.cString, 0)
            let flags = O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC
            let fd = openat(directories.processingRoot.fd, name.cString, flags, 0o600)
            markers.append(Marker(fd: fd, page: fd >= 0 ? Self.map(fd) : nil))
        }
        self.markers = markers
    }

    /// Maps the (new, empty) marker file `fd` as one shared page of zeros, or nil if it cannot be.
    private static func map(_ fd: Int32) -> UnsafeMutableRawPointer? {
        guard ftruncate(fd, off_t(markerSize)) == 0 else { return nil }
        let page = mmap(nil, markerSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
        guard let page, page != MAP_FAILED else { return nil }
        return page
    }

    deinit {
        for marker in markers {
            if let page = marker.page { munmap(page, Self.markerSize) }
            if marker.fd >= 0 { close(marker.fd) }
        }
    }

    /// The number of marker slots.
    public var slots: Int { markers.count }

    /// Runs `body` with `name` in marker `slot`, and clears the marker after it.
    public func marking<T>(slot: Int, _ name: FileName, _ body: () throws -> T) rethrows -> T {
        let marker = markers[slot % markers.count]
        guard marker.fd >= 0 else { return try body() }
        // The name and a NUL, then a NUL at the start to clear it; a reader takes the bytes
        // before the first NUL. Stores into the mapped page: the two pwrite calls they replace
        // were about 2.5 % of the daemon's CPU under a backlog.
        let bytes = name.bytes
        if let page = marker.page, bytes.count < Self.markerSize {
            bytes.withUnsafeBytes { page.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            page.storeBytes(of: 0, toByteOffset: bytes.count, as: UInt8.self)
            defer { page.storeBytes(of: 0, as: UInt8.self) }
            return try body()
        }
        var record = bytes
        record.append(0)
        _ = record.withUnsafeBytes { pwrite(marker.fd, $0.baseAddress, $0.count, 0) }
        defer {
            var nul: UInt8 = 0
            _ = pwrite(marker.fd, &nul, 1, 0)
        }
        return try body()
    }

    /// How many times in a row an instance stopped while extracting `name` (0 for most files).
    public func crashes(_ name: FileName) -> Int { counts.withLock { $0[name] ?? 0 } }

    /// Records `crashes` for `name` (0 forgets it) and rewrites the ledger file.
    public func record(_ name: FileName, crashes: Int) {
        let changed = counts.withLock { counts -> Bool in
            let old = counts[name] ?? 0
            counts[name] = crashes > 0 ? crashes : nil
            return old != crashes
        }
        if changed { save() }
    }

    /// Forgets `name` once it left the processing folder (a later file of the same name starts
    /// clean); costs one lock when it was never a suspect.
    public func forget(_ name: FileName) {
        let known = counts.withLock { $0[name] != nil }
        if known { record(name, crashes: 0) }
    }

    private func save() {
        let snapshot = counts.withLock { $0 }
        let file = Self.ledgerName(owner: directories.layout.owner)
        if snapshot.isEmpty {
            FileOps.unlinkQuietly(directories.processingRoot, file)
            return
        }
        var bytes: [UInt8] = []
        for (name, count) in snapshot.sorted(by: { $0.key < $1.key }) {
            bytes += Array("\(count) ".utf8) + name.bytes + [0]
        }
        try? FileOps.writeAtomically(directories.processingRoot, file, bytes)
    }

    /// Removes this owner's markers and ledger (on a clean stop).
    public func remove() {
        for slot in 0..<markers.count {
            FileOps.unlinkQuietly(
                directories.processingRoot,
                Self.markerName(owner: directories.layout.owner, slot: slot)
            )
        }
        FileOps.unlinkQuietly(directories.processingRoot, Self.ledgerName(owner: directories.layout.owner))
    }

    // MARK: The files of a dead owner

    /// The counts `owner` (gone) leaves to whoever takes its files over: its ledger, plus one
    /// for each file its markers name. Its markers and ledger are removed.
    public static func inherit(from owner: String, in root: Directory) -> [FileName: Int] {
        var counts: [FileName: Int] = [:]
        let ledger = ledgerName(owner: owner)
        if let read = try? FileOps.readBounded(root, ledger, limit: 1 << 20), let bytes = read.bytes {
            for (name, count) in parseLedger(bytes) { counts[name] = count }
        }
        FileOps.unlinkQuietly(root, ledger)
        for entry in (try? FileOps.list(root)) ?? [] where isMarker(entry, of: owner) {
            if let read = try? FileOps.readBounded(root, entry, limit: 4096), let bytes = read.bytes {
                let name = bytes.prefix { $0 != 0 }
                if !name.isEmpty { counts[FileName(bytes: Array(name)), default: 0] += 1 }
            }
            FileOps.unlinkQuietly(root, entry)
        }
        return counts
    }

    /// The records of a ledger file: `COUNT NAME\0`, one per suspect; malformed ones skipped.
    static func parseLedger(_ bytes: [UInt8]) -> [(FileName, Int)] {
        var records: [(FileName, Int)] = []
        for record in bytes.split(separator: 0) {
            guard let space = record.firstIndex(of: UInt8(ascii: " ")),
                let count = Int(String(decoding: record[..<space], as: UTF8.self)), count > 0
            else { continue }
            let name = Array(record[(space + 1)...])
            guard !name.isEmpty, !name.contains(UInt8(ascii: "/")) else { continue }
            records.append((FileName(bytes: name), count))
        }
        return records
    }

    /// `OWNER.extracting-SLOT`.
    static func markerName(owner: String, slot: Int) -> FileName { FileName("\(owner).extracting-\(slot)") }

    /// `OWNER.suspects`.
    static func ledgerName(owner: String) -> FileName { FileName("\(owner).suspects") }

    /// True for `entry` = one of `owner`'s markers.
    static func isMarker(_ entry: FileName, of owner: String) -> Bool {
        let prefix = Array("\(owner).extracting-".utf8)
        return entry.bytes.count > prefix.count && entry.bytes.starts(with: prefix)
    }

    /// The owner a marker or ledger file belongs to, or nil for another entry.
    static func owner(ofSideFile entry: FileName) -> String? {
        let name = "\(entry)"
        if name.hasSuffix(".suspects") { return String(name.dropLast(".suspects".count)) }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count > 1, parts[parts.count - 1].hasPrefix("extracting-") else { return nil }
        return parts.dropLast().joined(separator: ".")
    }
}

/// The pure rule: what a file's count of crashes means.
public enum CrashCount {
    /// After this many crashes in a row with the file in the extractor, it is not tried again.
    public static let limit = 3

    /// What to do with a file that has `crashes`.
    public enum Verdict: Sendable, Equatable {
        /// Extract it as any other.
        case clean
        /// Extract it alone first; a pass clears its count.
        case suspect
        /// Move it to `failed/` unread.
        case condemned
    }

    /// The verdict for `crashes`.
    public static func verdict(_ crashes: Int) -> Verdict {
        crashes <= 0 ? .clean : crashes < limit ? .suspect : .condemned
    }
}
