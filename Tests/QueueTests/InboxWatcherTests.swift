import Testing

@testable import BulletinIngest

#if canImport(Glibc)
import Glibc
#endif

@Suite("Inbox watcher")
struct InboxWatcherTests {
    @Test func reportsRenamesAndInPlaceWritesAfterAFirstRescan() async throws {
        let folder = TempDir()
        try FileOps.makeDirectories(folder.path + "/inbox")
        var events = InboxWatcher(directory: folder.path + "/inbox").makeAsyncIterator()
        #expect(await events.next() == .rescanNeeded)
        folder.put("staged.txt", "a")
        rename(folder.path + "/staged.txt", folder.path + "/inbox/renamed.txt")
        #expect(await events.next() == .movedIn(FileName("renamed.txt")))
        folder.put("inbox/written.txt", "b")
        #expect(await events.next() == .created(FileName("written.txt")))
        #expect(await events.next() == .closedAfterWrite(FileName("written.txt")))
    }

    /// A hard link or symlink made in the inbox is reported at once (no write follows it, so
    /// without IN_CREATE it waited for the next rescan).
    @Test func linksMadeInTheInboxAreReported() async throws {
        let folder = TempDir()
        try FileOps.makeDirectories(folder.path + "/inbox")
        folder.put("outside.txt", "a")
        var events = InboxWatcher(directory: folder.path + "/inbox").makeAsyncIterator()
        #expect(await events.next() == .rescanNeeded)
        link(folder.path + "/outside.txt", folder.path + "/inbox/hard.txt")
        #expect(await events.next() == .created(FileName("hard.txt")))
        symlink(folder.path + "/outside.txt", folder.path + "/inbox/soft.txt")
        #expect(await events.next() == .created(FileName("soft.txt")))
    }

    @Test func aMissingInboxAsksForRescansUntilItExists() async throws {
        let folder = TempDir()
        var events = InboxWatcher(directory: folder.path + "/later").makeAsyncIterator()
        // Every 200 ms while the folder is missing.
        #expect(await events.next() == .rescanNeeded)
        #expect(await events.next() == .rescanNeeded)
        try FileOps.makeDirectories(folder.path + "/later")
        // Watched again: one more rescan catches whatever arrived meanwhile.
        #expect(await events.next() == .rescanNeeded)
    }

    @Test func cancellingTheIteratingTaskEndsTheSequence() async {
        let folder = TempDir()
        let watcher = InboxWatcher(directory: folder.path)
        let task = Task {
            var count = 0
            for await _ in watcher { count += 1 }
            return count
        }
        task.cancel()
        #expect(await task.value <= 1)
    }
}
