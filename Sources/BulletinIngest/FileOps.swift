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

/// Thin, checked wrappers over the POSIX calls the queue uses. Paths are byte strings.
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
    }

    /// What ``FileOps/readBounded(_:_:limit:)`` read.
    public struct BoundedRead: Sendable, Equatable {
        /// The file's bytes; nil when the file is larger than the limit.
        public var bytes: [UInt8]?
        /// The file's size (at least the limit plus one when it is larger).
        public var size: Int64
    }

    static func path(_ dir: String, _ name: FileName) -> [CChar] {
        var p = Array(dir.utf8).map { CChar(bitPattern: $0) }
        p.append(CChar(bitPattern: UInt8(ascii: "/")))
        p.append(contentsOf: name.bytes.map { CChar(bitPattern: $0) })
        p.append(0)
        return p
    }

    /// `lstat` of `dir/name`.
    public static func status(_ dir: String, _ name: FileName) -> Status {
        var st = stat()
        let p = path(dir, name)
        guard lstat(p, &st) == 0 else { return Status(kind: .missing, size: 0, mtimeNanos: 0) }
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
            mtimeNanos: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        )
    }

    /// The names in `dir` (without `.` and `..`).
    public static func list(_ dir: String) throws(FileError) -> [FileName] {
        guard let d = opendir(dir) else { throw FileError(operation: "opendir", path: dir, errno: errno) }
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

    /// Moves `fromDir/from` to `toDir/to` atomically, never replacing an existing entry.
    /// Returns false when `to` exists; throws for other failures (ENOENT: someone else took it).
    public static func moveNoReplace(_ fromDir: String, _ from: FileName, _ toDir: String, _ to: FileName)
        throws(FileError) -> Bool
    {
        let a = path(fromDir, from)
        let b = path(toDir, to)
        if let r2 = renameat2 {
            if r2(AT_FDCWD, a, AT_FDCWD, b, renameNoReplace) == 0 { return true }
            let e = errno
            if e == EEXIST { return false }
            if e != EINVAL && e != ENOSYS { throw FileError(operation: "rename", path: "\(from)", errno: e) }
        }
        // Filesystems without RENAME_NOREPLACE (some NFS): link is atomic and fails on EEXIST.
        if link(a, b) == 0 {
            unlink(a)
            return true
        }
        let e = errno
        if e == EEXIST { return false }
        throw FileError(operation: "link", path: "\(from)", errno: e)
    }

    /// Moves to `toDir`, choosing `name~2`, `name~3`… when the name is taken. Returns the name used.
    public static func moveUnique(_ fromDir: String, _ from: FileName, _ toDir: String, _ to: FileName)
        throws(FileError) -> FileName
    {
        var candidate = to
        var n = 1
        while !(try moveNoReplace(fromDir, from, toDir, candidate)) {
            n += 1
            candidate = to.appending("~\(n)")
        }
        return candidate
    }

    /// Reads a regular file without following symlinks or blocking on FIFOs, at most `limit`
    /// bytes. Returns no bytes, and the size, when the file is larger than `limit`.
    public static func readBounded(_ dir: String, _ name: FileName, limit: Int) throws(FileError) -> BoundedRead {
        let p = path(dir, name)
        let fd = open(p, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(operation: "open", path: "\(name)", errno: errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileError(operation: "fstat", path: "\(name)", errno: errno) }
        guard st.st_mode & S_IFMT == S_IFREG else { throw FileError(operation: "open", path: "\(name)", errno: EINVAL) }
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

    /// Writes `contents` to `dir/name` through a temporary file and a rename, then fsyncs.
    public static func writeAtomically(_ dir: String, _ name: FileName, _ contents: [UInt8]) throws(FileError) {
        let tmp = FileName(bytes: Array(".".utf8) + name.bytes + Array(".\(getpid()).tmp".utf8))
        let tp = path(dir, tmp)
        let fd = open(tp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw FileError(operation: "open", path: "\(tmp)", errno: errno) }
        var off = 0
        while off < contents.count {
            let n = contents.withUnsafeBytes { write(fd, $0.baseAddress! + off, contents.count - off) }
            if n < 0 {
                if errno == EINTR { continue }
                let error = errno
                close(fd)
                unlink(tp)
                throw FileError(operation: "write", path: "\(tmp)", errno: error)
            }
            off += n
        }
        fsync(fd)
        close(fd)
        guard rename(tp, path(dir, name)) == 0 else {
            let error = errno
            unlink(tp)
            throw FileError(operation: "rename", path: "\(name)", errno: error)
        }
    }

    /// fsync of a directory, so that renames into it survive a power loss.
    public static func syncDirectory(_ dir: String) {
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }

    /// Removes `dir/name`; ignores failure.
    public static func unlinkQuietly(_ dir: String, _ name: FileName) { unlink(path(dir, name)) }

    /// Removes an empty directory; ignores failure.
    public static func removeDirectory(_ dir: String) { rmdir(dir) }

    /// Sets the modification time of `dir/name` to now (creating it if needed).
    public static func touch(_ dir: String, _ name: FileName) {
        let p = path(dir, name)
        let fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0o640)
        if fd >= 0 {
            futimens(fd, nil)
            close(fd)
        }
    }
}
