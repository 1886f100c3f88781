#if canImport(Glibc)
import Glibc
#endif

extension FileOps {
    /// Sets the access and modification times of `name` in the open directory `dir` (not
    /// following a symlink) to `nanos` since 1970: `done/` and `failed/` record when a file
    /// arrived this way.
    /// - Returns: false when the entry is gone or the times cannot be set.
    @discardableResult
    public static func setTimes(_ dir: Directory, _ name: FileName, nanos: Int64) -> Bool {
        let seconds = nanos / 1_000_000_000
        let time = timespec(tv_sec: Int(seconds), tv_nsec: Int(nanos - seconds * 1_000_000_000))
        let times = [time, time]
        let result = times.withUnsafeBufferPointer {
            utimensat(dir.fd, name.cString, $0.baseAddress, AT_SYMLINK_NOFOLLOW)
        }
        return result == 0
    }

    /// Removes `name` from the open directory `dir` (a file or a symlink, not a directory).
    /// - Throws: a ``FileError``; `ENOENT` when it is gone already.
    public static func remove(_ dir: Directory, _ name: FileName) throws(FileError) {
        guard unlinkat(dir.fd, name.cString, 0) == 0 else {
            throw FileError(operation: "unlink", path: "\(name)", errno: errno)
        }
    }
}
