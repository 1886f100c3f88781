import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What is wrong with the queue's open folders while it runs, for readiness: the state folder
/// (or a folder in it) deleted under the daemon, so that no file can be claimed any more.
///
/// The claimer raises it when a claim fails because the processing folder is gone; readiness
/// also checks the open folders themselves (a deleted directory has no links left). The
/// daemon does not recreate the folders: it says so until it is restarted.
public final class FolderAlarm: Sendable {
    private struct State {
        var directories: QueueDirectories?
        var problem: String?
    }

    private let state = Mutex(State())

    /// No folders yet, nothing wrong.
    public init() {}

    /// Checks `directories` from now on.
    func watch(_ directories: QueueDirectories) {
        state.withLock { $0.directories = directories }
    }

    /// Records `problem`; true the first time (so that it is logged once).
    @discardableResult
    func raise(_ problem: String) -> Bool {
        state.withLock { state in
            guard state.problem == nil else { return false }
            state.problem = problem
            return true
        }
    }

    /// What is wrong, or nil.
    public var problem: String? {
        let (directories, problem) = state.withLock { ($0.directories, $0.problem) }
        if let problem { return problem }
        guard let directories else { return nil }
        for directory in [directories.state, directories.processing, directories.done, directories.failed]
        where directory.isDeleted {
            return Self.deleted(directory)
        }
        return nil
    }

    /// The reason given when `directory` was deleted while the daemon ran.
    static func deleted(_ directory: Directory) -> String {
        "state folder deleted while the daemon runs (\(directory.path) is gone): "
            + "no file can be claimed and new files stay in the inbox; restart the daemon to create it again"
    }
}

extension Directory {
    /// True when the directory was removed after it was opened (it has no links left).
    var isDeleted: Bool {
        var st = stat()
        return fstat(fd, &st) == 0 && st.st_nlink == 0
    }
}
