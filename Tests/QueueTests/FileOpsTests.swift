import ServiceKit
import Testing

@testable import BulletinIngest

#if canImport(Glibc)
import Glibc
#endif

@Suite("File operations on real files")
struct FileOpsTests {
    @Test func moveNeverReplaces() throws {
        let d = TempDir()
        d.put("a", "one")
        d.put("b", "two")
        #expect(try !FileOps.moveNoReplace(d.path, FileName("a"), d.path, FileName("b")))
        let used = try FileOps.moveUnique(d.path, FileName("a"), d.path, FileName("b"))
        #expect(used == FileName("b~2"))
        #expect(FileOps.status(d.path, FileName("b")).size == 3)
    }

    @Test func readIsBounded() throws {
        let d = TempDir()
        d.put("big", String(repeating: "x", count: 5000))
        #expect(try FileOps.readBounded(d.path, FileName("big"), limit: 1000).bytes == nil)
        #expect(try FileOps.readBounded(d.path, FileName("big"), limit: 5000).bytes?.count == 5000)
    }

    @Test func symlinksAreNeverFollowed() throws {
        let d = TempDir()
        symlink("/etc/passwd", d.path + "/link")
        #expect(FileOps.status(d.path, FileName("link")).kind == .symlink)
        #expect(throws: FileError.self) { try FileOps.readBounded(d.path, FileName("link"), limit: 1 << 20) }
    }

    @Test func fifosDoNotBlock() throws {
        let d = TempDir()
        mkfifo(d.path + "/pipe", 0o644)
        #expect(FileOps.status(d.path, FileName("pipe")).kind == .fifo)
        #expect(throws: FileError.self) { try FileOps.readBounded(d.path, FileName("pipe"), limit: 1 << 20) }
    }

    @Test func nonUTF8NamesRoundTrip() throws {
        let d = TempDir()
        let name = FileName(bytes: [0x62, 0xFF, 0x0A, 0x22, 0x20, 0x2E, 0x74, 0x78, 0x74])  // b\xff\n" .txt
        let p = FileOps.path(d.path, name)
        let fd = open(p, O_WRONLY | O_CREAT, 0o644)
        close(fd)
        #expect(try FileOps.list(d.path).contains(name))
        #expect(name.description == "b\\xff\\x0a\" .txt")
        try FileOps.makeDirectories(d.path + "/done")
        #expect(try FileOps.moveNoReplace(d.path, name, d.path + "/done", name))
        #expect(FileOps.status(d.path + "/done", name).kind == .regular)
    }

    @Test func namesAreThemselvesUnlessTheyHoldControlsOrInvalidBytes() {
        #expect(FileName("科技公报 2024.txt").description == "科技公报 2024.txt")
        #expect(FileName("a\u{7f}b\tc.txt").description == "a\\x7fb\\x09c.txt")
        #expect(FileName(bytes: Array("科技".utf8) + [0xE5, 0x0A]).description == "科技\\xe5\\x0a")
    }

    @Test func ignoredNames() {
        #expect(FileName(".hidden").isIgnored)
        #expect(FileName("x.tmp").isIgnored)
        #expect(FileName("x.part").isIgnored)
        #expect(!FileName("x.txt").isIgnored)
    }

    @Test func timesAreWrittenAsISO8601() {
        #expect(WallClock.Instant(nanosecondsSince1970: 0).iso8601 == "1970-01-01T00:00:00Z")
        #expect(WallClock.Instant(nanosecondsSince1970: 1_700_000_000_999_999_999).iso8601 == "2023-11-14T22:13:20Z")
        #expect(WallClock.Instant(nanosecondsSince1970: -1).iso8601 == "1969-12-31T23:59:59Z")
    }

    @Test func deadOwnersAreDetected() throws {
        let d = TempDir()
        let layout = QueueLayout(inbox: d.path, owner: "\(QueueLayout.hostName()).999999.1")
        let t = Takeover(directories: try layout.open(), lease: .seconds(30))
        // pid 999999 does not exist on this host
        #expect(t.isGone(owner: layout.owner, host: QueueLayout.hostName(), nowNanos: 0))
        let alive = "\(QueueLayout.hostName()).\(getpid()).1"
        try FileOps.makeDirectories(layout.processingRoot + "/" + alive)
        FileOps.touch(layout.processingRoot, FileName(alive + ".lease"))
        #expect(!t.isGone(owner: alive, host: QueueLayout.hostName(), nowNanos: WallClock().now.nanosecondsSince1970))
        // another host's owner with a stale lease is gone
        #expect(
            t.isGone(
                owner: "otherhost.1.1",
                host: QueueLayout.hostName(),
                nowNanos: WallClock().now.nanosecondsSince1970 + 60_000_000_000
            )
        )
    }
}
