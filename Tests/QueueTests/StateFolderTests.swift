import BulletinCore
import BulletinStore
import Foundation
import ServiceKit
import Testing

@testable import BulletinIngest

#if canImport(Glibc)
import Glibc
#endif

/// What happens to the state folder while the daemon runs: swapped for a symlink, readable by
/// the producers' group, or deleted.
@Suite("State folder")
struct StateFolderTests {
    static let day: Int64 = 86_400 * 1_000_000_000

    /// Sets the times of `dir/name` (a test helper: the queue itself works on open folders).
    static func age(_ dir: String, _ name: String, nanos: Int64) throws {
        FileOps.setTimes(try Directory.open(dir), FileName(name), nanos: nanos)
    }

    /// The state folder renamed away and replaced by a symlink to another folder after the
    /// daemon opened it: a sweep removes the old files of the folder it opened, and nothing
    /// in the folder the symlink points to.
    @Test func aSweepNeverFollowsAStateFolderSwappedForASymlink() throws {
        let root = TempDir()
        let layout = QueueLayout(inbox: root.path + "/inbox", owner: "test")
        let directories = try layout.open()
        let now = WallClock().now.nanosecondsSince1970
        root.put("inbox/.bulletind/done/mine.txt", "x")
        try Self.age(layout.done, "mine.txt", nanos: now - 30 * Self.day)
        for folder in ["victim", "victim/done", "victim/failed"] { mkdir(root.path + "/" + folder, 0o700) }
        for name in ["done/keep.txt", "failed/keep.bin", "failed/keep.bin.error.json"] {
            root.put("victim/" + name, "root's\n")
            let parts = name.split(separator: "/")
            try Self.age(root.path + "/victim/" + parts[0], String(parts[1]), nanos: now - 60 * Self.day)
        }
        rename(layout.state, root.path + "/inbox/.old")
        symlink(root.path + "/victim", layout.state)
        let report = RetentionSweeper(directories: directories, policy: RetentionPolicy())
            .sweep(nowNanos: now)
        #expect(report == .init(done: 1, failed: 0))
        #expect((try FileOps.list(root.path + "/victim/done")).map(\.description) == ["keep.txt"])
        #expect((try FileOps.list(root.path + "/victim/failed")).count == 2)
        #expect((try FileOps.list(root.path + "/inbox/.old/done")).isEmpty)
    }

    /// The state folder and the folders in it are private to the daemon's user, even under an
    /// inbox whose group is the producers'.
    @Test func theStateFolderIsCreatedPrivate() throws {
        let root = TempDir()
        let layout = QueueLayout(inbox: root.path + "/inbox", owner: "test")
        let directories = try layout.open()
        for directory in [
            directories.state, directories.processingRoot, directories.processing, directories.done,
            directories.failed,
        ] {
            #expect(directory.owner()?.mode == 0o700, "\(directory)")
        }
    }

    /// A state folder its group or others can read (where producers would read each other's
    /// files in done/ and failed/; made 0750 by an earlier version) is tightened to 0700 by the
    /// daemon that owns it, at start.
    @Test(arguments: [0o750, 0o705, 0o710])
    func aStateFolderOthersCanReadIsMadePrivate(mode: Int) throws {
        let root = TempDir()
        let layout = QueueLayout(inbox: root.path + "/inbox", owner: "test")
        _ = try layout.open()
        chmod(layout.done, mode_t(mode))
        chmod(layout.state, mode_t(mode))
        _ = try layout.open()
        var st = stat()
        stat(layout.done, &st)
        #expect(st.st_mode & 0o777 == 0o700)
        stat(layout.state, &st)
        #expect(st.st_mode & 0o777 == 0o700)
    }

    /// One that others can write to is refused, saying why: they may have planted anything in it.
    @Test func aStateFolderOthersCanWriteIsRefused() throws {
        let root = TempDir()
        let layout = QueueLayout(inbox: root.path + "/inbox", owner: "test")
        _ = try layout.open()
        chmod(layout.done, 0o770)
        #expect {
            _ = try layout.open()
        } throws: { error in
            "\(error)".contains("writable by its group or others")
        }
        chmod(layout.done, 0o700)
        _ = try layout.open()
    }

    /// The state folder deleted while the daemon runs: a new file cannot be claimed, stays in
    /// the inbox, and readiness says why.
    @Test func aDeletedStateFolderMakesTheQueueUnready() async throws {
        let queue = try QueueHarness()
        let sample = try QueueHarness.sample()
        try await queue.run { queue in
            #expect(queue.pipeline.health.readinessProblem() == nil)
            _ = system("rm -rf '\(queue.layout.state)'")
            // Readiness sees the deleted folder at once.
            let seen = try #require(queue.pipeline.health.readinessProblem())
            #expect(seen.contains("state folder deleted"), "\(seen)")
            // The claim that fails names the processing folder.
            queue.drop("new.txt", sample)
            var problem = ""
            for _ in 0..<500 where !problem.contains(queue.layout.processing) {
                try await Task.sleep(for: .milliseconds(10))
                problem = queue.pipeline.health.readinessProblem() ?? ""
            }
            #expect(problem.contains(queue.layout.processing + " is gone"), "\(problem)")
            #expect(problem.contains("restart the daemon"), "\(problem)")
            #expect(queue.names("").contains("new.txt"))
        }
        #expect(queue.store.records.isEmpty)
    }
}
