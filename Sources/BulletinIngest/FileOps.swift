#if canImport(Glibc)
import Glibc
#endif

/// A failed system call: the call, the path (escaped) and errno.
public struct FileError: Error, Sendable, CustomStringConvertible {
    /// The call (`open`, `rename`…).
    public var operation: String
    /// The file's name or path, escaped for logs.
    public var path: String
    /// The error number.
    public var errno: Int32
    /// `open a.txt: No such file or directory`.
    public var description: String { "\(operation) \(path): \(String(cString: strerror(errno)))" }
}

/// Thin, checked wrappers over the POSIX calls the queue uses. Names are byte strings; every
/// call is made relative to an open ``Directory`` (`fstatat`, `openat`, `renameat2`, `unlinkat`),
/// never follows a symlink, and creates files only with `O_EXCL|O_NOFOLLOW`. The overloads
/// taking a path open the directory first (tests, `status`).
public enum FileOps {
    /// What a directory entry is (never following symlinks).
    public enum Kind: Sendable, Equatable { case regular, directory, symlink, fifo, other, missing }

    /// An entry's kind, size and modification time.
    public struct Status: Sendable, Equatable {
        /// What the entry is.
        public var kind: Kind
        /// Its size in bytes.
        public var size: Int64
        /// Its modification time, in nanoseconds since 1970.
        public var mtimeNanos: Int64
        /// Its number of hard links.
        public var links: Int = 1
    }

    /// What ``FileOps/readBounded(_:_:limit:)`` read.
    public struct BoundedRead: Sendable, Equatable {
        /// The file's bytes; nil when the file is larger than the limit or has other links.
        public var bytes: [UInt8]?
        /// The file's size (at least the limit plus one when it is larger).
        public var size: Int64
        /// The file's number of hard links; a file with more than one is not read.
        public var links: Int = 1
    }

    /// The longest name a Linux filesystem takes, in bytes.
    public static let maxNameBytes = 255

    static func path(_ dir: String, _ name: FileName) -> [CChar] {
        var p = Array(dir.utf8).map { CChar(bitPattern: $0) }
        p.append(CChar(bitPattern: UInt8(ascii: "/")))
        p.append(contentsOf: name.bytes.map { CChar(bitPattern: $0) })
        p.append(0)
        return p
    }

    /// `fstatat` of `name` in `dir`, not following a symlink.
    public static func status(_ dir: Directory, _ name: FileName) -> Status {
        var st = stat()
        guard fstatat(dir.fd, name.cString, &st, AT_SYMLINK_NOFOLLOW) == 0 else {
            return Status(kind: .missing, size: 0, mtimeNanos: 0)
        }
        return status(st)
    }

    private static func status(_ st: stat) -> Status {
        let kind: Kind
        switch st.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        case S_IFIFO: kind = .fifo
        default: kind = .other
        }
        return Status(
            kind: kind,
            size: Int64(st.st_size),
            mtimeNanos: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec),
            links: Int(st.st_nlink)
        )
    }

    /// The names in `dir` (without `.` and `..`).
    public static func list(_ dir: Directory) throws(FileError) -> [FileName] {
        // A descriptor of its own (its own offset): listings may run concurrently.
        let copy = openat(dir.fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard copy >= 0 else { throw FileError(operation: "opendir", path: dir.path, errno: errno) }
        guard let d = fdopendir(copy) else {
            let error = errno
            close(copy)
            throw FileError(operation: "opendir", path: dir.path, errno: error)
        }
        defer { closedir(d) }
        var out: [FileName] = []
        while let e = readdir(d) {
            let name: [UInt8] = withUnsafeBytes(of: e.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            if name == [46] || name == [46, 46] { continue }
            out.append(FileName(bytes: name))
        }
        return out
    }

    /// Creates `dir` and its parents.
    public static func makeDirectories(_ dir: String, mode: mode_t = 0o750) throws(FileError) {
        var built = dir.hasPrefix("/") ? "" : "."
        for part in dir.split(separator: "/") {
            built += "/" + part
            if mkdir(built, mode) != 0 && errno != EEXIST {
                throw FileError(operation: "mkdir", path: built, errno: errno)
            }
        }
    }

    private typealias RenameAt2 =
        @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    private static let renameat2: RenameAt2? = {
        guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return nil }
        return unsafeBitCast(sym, to: RenameAt2.self)
    }()

    /// `RENAME_NOREPLACE` of `renameat2(2)` (not in Glibc's Swift module).
    private static let renameNoReplace: UInt32 = 1

    /// Moves `from` in `fromDir` to `to` in `toDir` atomically, never replacing an existing entry.
    /// Returns false when `to` exists; throws for other failures (ENOENT: someone else took it).
    public static func moveNoReplace(_ fromDir: Directory, _ from: FileName, _ toDir: Directory, _ to: FileName)
        throws(FileError) -> Bool
    {
        let a = from.cString
        let b = to.cString
        if let r2 = renameat2 {
            if r2(fromDir.fd, a, toDir.fd, b, renameNoReplace) == 0 { return true }
            let e = errno
            if e == EEXIST { return false }
            if e != EINVAL && e != ENOSYS { throw FileError(operation: "rename", path: "\(from)", errno: e) }
        }
        // Filesystems without RENAME_NOREPLACE (some NFS): link is atomic and fails on EEXIST.
        if linkat(fromDir.fd, a, toDir.fd, b, 0) == 0 {
            unlinkat(fromDir.fd, a, 0)
            return true
        }
        let e = errno
        if e == EEXIST { return false }
        throw FileError(operation: "link", path: "\(from)", errno: e)
    }

    /// Moves to `toDir`, choosing `name~2`, `name~3`… when the name is taken (shortening the
    /// name to leave room for the suffix within 255 bytes). Returns the name used.
    public static func moveUnique(_ fromDir: Directory, _ from: FileName, _ toDir: Directory, _ to: FileName)
        throws(FileError) -> FileName
    {
        var candidate = to
        var n = 1
        while !(try moveNoReplace(fromDir, from, toDir, candidate)) {
            n += 1
            candidate = to.appending("~\(n)", within: maxNameBytes)
        }
        return candidate
    }

    /// Reads a regular file without following symlinks or blocking on FIFOs, at most `limit`
    /// bytes. Returns no bytes, and the size, when the file is larger than `limit`; no bytes,
    /// and the link count, when the file has more than one hard link (it may be a link to a
    /// file its producer could not read).
    public static func readBounded(_ dir: Directory, _ name: FileName, limit: Int) throws(FileError) -> BoundedRead {
        let fd = openat(dir.fd, name.cString, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw FileError(operation: "open", path: "\(name)", errno: errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileError(operation: "fstat", path: "\(name)", errno: errno) }
        guard st.st_mode & S_IFMT == S_IFREG else { throw FileError(operation: "open", path: "\(name)", errno: EINVAL) }
        if st.st_nlink > 1 { return BoundedRead(bytes: nil, size: Int64(st.st_size), links: Int(st.st_nlink)) }
        if Int64(st.st_size) > Int64(limit) { return BoundedRead(bytes: nil, size: Int64(st.st_size)) }
        var out = [UInt8](repeating: 0, count: Int(st.st_size) + 1)
        var total = 0
        while true {
            if total == out.count {
                if total > limit { return BoundedRead(bytes: nil, size: Int64(total)) }
                out.append(contentsOf: [UInt8](repeating: 0, count: min(65536, limit + 1 - total + 1)))
            }
            let n = out.withUnsafeMutableBytes { read(fd, $0.baseAddress! + total, $0.count - total) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError(operation: "read", path: "\(name)", errno: errno)
            }
            if n == 0 { break }
            total += n
            if total > limit { return BoundedRead(bytes: nil, size: Int64(total)) }
        }
        out.removeSubrange(total...)
        return BoundedRead(bytes: out, size: Int64(total))
    }

    /// Creates `name` in `dir` for writing: `O_CREAT|O_EXCL|O_NOFOLLOW`, so an entry planted
    /// there (a symlink to another file) is never opened.
    private static func create(_ dir: Directory, _ name: FileName, mode: mode_t = 0o640) -> Int32 {
        openat(dir.fd, name.cString, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
    }

    /// Writes `contents` to `name` in `dir` through a new temporary file (a random name,
    /// created exclusively) and a rename, then fsyncs.
    public static func writeAtomically(_ dir: Directory, _ name: FileName, _ contents: [UInt8]) throws(FileError) {
        var tmp = FileName("")
        var fd: Int32 = -1
        for _ in 0..<8 {
            let random = String(UInt64.random(in: 0...UInt64.max), radix: 36)
            tmp = FileName(bytes: Array(".".utf8) + name.bytes.prefix(200) + Array(".\(random).tmp".utf8))
            fd = create(dir, tmp)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw FileError(operation: "open", path: "\(tmp)", errno: errno) }
        var off = 0
        while off < contents.count {
            let n = contents.withUnsafeBytes { write(fd, $0.baseAddress! + off, contents.count - off) }
            if n < 0 {
                if errno == EINTR { continue }
                let error = errno
                close(fd)
                unlinkat(dir.fd, tmp.cString, 0)
                throw FileError(operation: "write", path: "\(tmp)", errno: error)
            }
            off += n
        }
        fsync(fd)
        close(fd)
        guard renameat(dir.fd, tmp.cString, dir.fd, name.cString) == 0 else {
            let error = errno
            unlinkat(dir.fd, tmp.cString, 0)
            throw FileError(operation: "rename", path: "\(name)", errno: error)
        }
    }

    /// fsync of a directory, so that renames into it survive a power loss.
    public static func syncDirectory(_ dir: Directory) { fsync(dir.fd) }

    /// Removes `name` from `dir`; ignores failure.
    public static func unlinkQuietly(_ dir: Directory, _ name: FileName) { unlinkat(dir.fd, name.cString, 0) }

    /// Removes the empty directory `name` from `dir`; ignores failure.
    public static func removeDirectory(_ dir: Directory, _ name: FileName) {
        unlinkat(dir.fd, name.cString, AT_REMOVEDIR)
    }

    /// Sets the modification time of `name` in `dir` to now, creating it (exclusively) when
    /// missing; a symlink there is touched itself, never its target.
    public static func touch(_ dir: Directory, _ name: FileName) {
        let fd = create(dir, name)
        if fd >= 0 {
            close(fd)
        } else if errno == EEXIST {
            utimensat(dir.fd, name.cString, nil, AT_SYMLINK_NOFOLLOW)
        }
    }

    // MARK: By path (tests and the status command)

    /// `lstat` of `dir/name`.
    public static func status(_ dir: String, _ name: FileName) -> Status {
        guard let d = try? Directory.open(dir) else { return Status(kind: .missing, size: 0, mtimeNanos: 0) }
        return status(d, name)
    }

    /// The names in the directory `dir`.
    public static func list(_ dir: String) throws(FileError) -> [FileName] { try list(Directory.open(dir)) }

    /// ``moveNoReplace(_:_:_:_:)-(Directory,_,_,_)`` by paths.
    public static func moveNoReplace(_ fromDir: String, _ from: FileName, _ toDir: String, _ to: FileName)
        throws(FileError) -> Bool
    {
        try moveNoReplace(Directory.open(fromDir), from, Directory.open(toDir), to)
    }

    /// ``moveUnique(_:_:_:_:)-(Directory,_,_,_)`` by paths.
    public static func moveUnique(_ fromDir: String, _ from: FileName, _ toDir: String, _ to: FileName)
        throws(FileError) -> FileName
    {
        try moveUnique(Directory.open(fromDir), from, Directory.open(toDir), to)
    }

    /// ``readBounded(_:_:limit:)-(Directory,_,_)`` by path.
    public static func readBounded(_ dir: String, _ name: FileName, limit: Int) throws(FileError) -> BoundedRead {
        try readBounded(Directory.open(dir), name, limit: limit)
    }

    /// ``writeAtomically(_:_:_:)-(Directory,_,_)`` by path.
    public static func writeAtomically(_ dir: String, _ name: FileName, _ contents: [UInt8]) throws(FileError) {
        try writeAtomically(Directory.open(dir), name, contents)
    }

    /// ``touch(_:_:)-(Directory,_)`` by path.
    public static func touch(_ dir: String, _ name: FileName) {
        if let d = try? Directory.open(dir) { touch(d, name) }
    }
}
