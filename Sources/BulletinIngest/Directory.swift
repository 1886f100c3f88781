#if canImport(Glibc)
import Glibc
#endif

/// An open directory: every queue operation is made relative to its descriptor (`openat`,
/// `renameat2`, `mkdirat`, `fstatat`), so a path swapped or replaced by a symlink after the
/// daemon opened it is never followed.
///
/// The descriptor is opened with `O_DIRECTORY|O_NOFOLLOW`: a symlink where a directory should
/// be is refused (`ELOOP`), not followed. It is closed when the last reference goes.
public final class Directory: Sendable, CustomStringConvertible {
    /// The descriptor.
    public let fd: Int32
    /// The path it was opened by (for messages only; never used to reach it again).
    public let path: String

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    public var description: String { path }

    private static let flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC

    /// Opens the directory at `path` (its last component must not be a symlink).
    public static func open(_ path: String) throws(FileError) -> Directory {
        let fd = Glibc.open(path, flags)
        guard fd >= 0 else { throw FileError(operation: "open directory", path: path, errno: errno) }
        return Directory(fd: fd, path: path)
    }

    /// Opens the sub-directory `name`, creating it with `mode` first when `create` is set.
    public func subdirectory(_ name: FileName, create: Bool = false, mode: mode_t = 0o700) throws(FileError)
        -> Directory
    {
        let p = name.cString
        if create, mkdirat(fd, p, mode) != 0, errno != EEXIST {
            throw FileError(operation: "mkdir", path: path + "/\(name)", errno: errno)
        }
        let sub = openat(fd, p, Self.flags)
        guard sub >= 0 else { throw FileError(operation: "open directory", path: path + "/\(name)", errno: errno) }
        return Directory(fd: sub, path: path + "/\(name)")
    }

    /// Who owns the directory and its permission bits.
    public func owner() -> (uid: uid_t, mode: mode_t)? {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        return (st.st_uid, st.st_mode & 0o7777)
    }

    /// Why this directory cannot hold the daemon's state, or nil: it must belong to the
    /// daemon's own user and be writable by no one else, or another local user could plant
    /// symlinks in it or swap its files; nor readable or searchable by anyone else, or the
    /// producers (often its group, under a setgid inbox) could read each other's files in
    /// `done/` and `failed/` and their sidecars.
    public func privacyProblem(role: String) -> String? {
        guard let (uid, mode) = owner() else { return "\(role) \(path): cannot stat it" }
        let me = geteuid()
        if uid != me {
            return "\(role) \(path) belongs to uid \(uid), not to this daemon's user (uid \(me)): "
                + "refusing it, since another user could have put it there; chown it to the daemon's user"
        }
        if mode & 0o022 != 0 {
            return "\(role) \(path) is writable by its group or others (mode \(String(mode, radix: 8))): "
                + "refusing it, since they could plant symlinks or swap files in it; chmod go-w it"
        }
        // Readable only (a folder made 0750 by an earlier version): the daemon owns it and nobody
        // else can have written to it, so it tightens it itself rather than refuse to start.
        if mode & 0o077 != 0, fchmod(fd, mode & 0o700) == 0 { return nil }
        if mode & 0o077 != 0 {
            return "\(role) \(path) is readable by its group or others (mode \(String(mode, radix: 8))): "
                + "refusing it, since they could read the producers' files and their failure reports in it; "
                + "chmod 700 it (the state folder and the folders in it are the daemon's alone)"
        }
        return nil
    }
}

extension FileName {
    /// The name as a NUL-terminated C string.
    var cString: [CChar] { bytes.map { CChar(bitPattern: $0) } + [0] }
}
