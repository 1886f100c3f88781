import Foundation
import Testing

@testable import BulletinIngest

#if canImport(Glibc)
import Glibc
#endif

/// The `bulletind` binary this test bundle was built with (beside it in the build folder).
func bulletindBinary() -> String {
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    var candidate = bundle
    // `.build/<triple>/debug/bulletindPackageTests.xctest[/…]`: walk up to the folder holding it.
    for _ in 0..<4 where !FileManager.default.fileExists(atPath: candidate.appendingPathComponent("bulletind").path) {
        candidate.deleteLastPathComponent()
    }
    return candidate.appendingPathComponent("bulletind").path
}

/// A `bulletind` process started by a test, killed when the test is done with it.
final class DaemonProcess: @unchecked Sendable {
    let process = Process()
    private let errors = Pipe()
    private var seen = ""

    /// Starts `bulletind ARGUMENTS` with no configuration file and no operator packs.
    init(_ arguments: [String], folder: TempDir) throws {
        process.executableURL = URL(fileURLWithPath: bulletindBinary())
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("BULLETIND_") }
        environment["BULLETIND_CONFIG"] = "/dev/null"
        environment["BULLETIND_PLUGINS_DIR"] = folder.path
        process.environment = environment
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Reads the daemon's log until a line contains `text`; returns that line (nil at the end
    /// of the log, or when nothing came for 30 s: a failure guard, not a measurement).
    func waitForLog(_ text: String) -> String? {
        let fd = errors.fileHandleForReading.fileDescriptor
        while true {
            if let line = seen.split(separator: "\n").first(where: { $0.contains(text) }) { return String(line) }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 30_000) == 1 else { return nil }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = read(fd, &buffer, buffer.count)
            guard count > 0 else { return nil }
            seen += String(decoding: buffer[0..<count], as: UTF8.self)
        }
    }

    /// Reads stderr to its end (the pipe closes when the process dies) and then waits for the
    /// exit; false when the pipe stayed open for 30 s (the process lives on).
    func waitForExit() -> Bool {
        let fd = errors.fileHandleForReading.fileDescriptor
        while true {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 30_000) == 1 else { return false }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { break }
            seen += String(decoding: buffer[0..<count], as: UTF8.self)
        }
        process.waitUntilExit()
        return true
    }

    /// The port of the `http listening` log line.
    func httpPort() -> Int? {
        guard let line = waitForLog("http listening"), let range = line.range(of: "port=") else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
    }

    /// The log read so far.
    var log: String { seen }
}

/// A TCP connection to 127.0.0.1:`port` (no timeouts unless given).
final class Connection: @unchecked Sendable {
    let fd: Int32

    init?(port: Int, receiveTimeoutSeconds: Int = 30) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var timeout = timeval(tv_sec: receiveTimeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
    }

    deinit { close(fd) }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Everything until the peer closes (or the receive timeout).
    func readAll() -> String {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// True while the peer has neither answered nor closed (a read would block).
    var isOpenAndSilent: Bool {
        var byte: UInt8 = 0
        let count = recv(fd, &byte, 1, Int32(MSG_DONTWAIT | MSG_PEEK))
        return count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
    }

    /// Closes with a reset (SO_LINGER 0) instead of a FIN.
    func reset() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        shutdown(fd, Int32(SHUT_RDWR))
    }
}

/// A `GET` (or `HEAD`) with `Connection: close`: the whole answer.
func httpRequest(port: Int, _ method: String, _ path: String) -> String? {
    guard let connection = Connection(port: port) else { return nil }
    connection.send("\(method) \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    return connection.readAll()
}

/// The real daemon, with real sockets and real signals (no database needed: the endpoints
/// and the configuration are served without one).
@Suite("The daemon process")
struct DaemonProcessTests {
    /// A database the tests never reach: the store keeps retrying while the endpoints answer.
    static let unreachable = "host=/nonexistent-bulletind-socket-dir dbname=none connect_timeout=1"

    /// Issue #12, 1: a reset connection (and SIGPIPE itself) must not kill the daemon.
    @Test func sigpipeAndResetConnectionsDoNotKillTheDaemon() throws {
        let folder = TempDir()
        let daemon = try DaemonProcess(
            ["run", "--inbox", folder.path + "/inbox", "--http", "127.0.0.1:0", "--conninfo", Self.unreachable],
            folder: folder
        )
        let port = try #require(daemon.httpPort(), "no http listening line: \(daemon.log)")
        // One idle connection, then one that sends a request and resets before the answer.
        let idle = Connection(port: port)
        let rude = try #require(Connection(port: port))
        rude.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        rude.reset()
        // And the signal itself, as a writer to a dead pipe would get it.
        kill(daemon.process.processIdentifier, SIGPIPE)
        #expect(httpRequest(port: port, "GET", "/healthz")?.hasPrefix("HTTP/1.1 200") == true)
        #expect(daemon.process.isRunning)
        _ = idle
    }

    /// systemd's watchdog ends a hung daemon with SIGABRT: the process must die (Swift's
    /// backtracer used to catch the signal and let it live on, port and claims held).
    @Test func sigabrtEndsTheDaemon() throws {
        let folder = TempDir()
        let daemon = try DaemonProcess(
            ["run", "--inbox", folder.path + "/inbox", "--http", "127.0.0.1:0", "--conninfo", Self.unreachable],
            folder: folder
        )
        _ = try #require(daemon.httpPort(), "no http listening line: \(daemon.log)")
        kill(daemon.process.processIdentifier, SIGABRT)
        #expect(daemon.waitForExit(), "the daemon lived on after SIGABRT")
        guard !daemon.process.isRunning else { return }
        #expect(daemon.process.terminationReason == .uncaughtSignal)
        #expect(daemon.process.terminationStatus == SIGABRT)
    }

    /// Issue #12, 8: `--http 0.0.0.0:…` is refused (exit 78, with the reason) unless
    /// `http_allow_remote` says it is meant.
    @Test func aNonLoopbackAddressIsRefusedUnlessAllowed() throws {
        let folder = TempDir()
        let refused = try DaemonProcess(
            ["run", "--inbox", folder.path + "/inbox", "--http", "0.0.0.0:19477", "--check-config"],
            folder: folder
        )
        #expect(refused.waitForLog("not a loopback address") != nil)
        refused.process.waitUntilExit()
        #expect(refused.process.terminationStatus == 78)
        let allowed = Process()
        allowed.executableURL = URL(fileURLWithPath: bulletindBinary())
        allowed.arguments = ["run", "--inbox", folder.path + "/inbox", "--http", "0.0.0.0:19477", "--check-config"]
        allowed.environment = [
            "BULLETIND_CONFIG": "/dev/null", "BULLETIND_PLUGINS_DIR": folder.path,
            "BULLETIND_HTTP_ALLOW_REMOTE": "true",
        ]
        allowed.standardOutput = FileHandle.nullDevice
        allowed.standardError = FileHandle.nullDevice
        try allowed.run()
        allowed.waitUntilExit()
        #expect(allowed.terminationStatus == 0)
    }

    /// Issue #12, 4: a malformed URI's password, which libpq quotes in its error, appears
    /// neither in `status` nor in `--check-config`.
    @Test func aMalformedURIsPasswordIsNeverPrinted() throws {
        let folder = TempDir()
        let output = Pipe()
        let status = Process()
        status.executableURL = URL(fileURLWithPath: bulletindBinary())
        status.arguments = ["status", "--json", "--conninfo", "postgresql://u:SeCr%ZZEt@/db"]
        status.standardOutput = output
        status.standardError = output
        try status.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        status.waitUntilExit()
        #expect(text.contains("unreachable") || text.contains("\"reachable\":false"), "\(text)")
        #expect(!text.contains("SeCr") && !text.contains("ZZEt"), "\(text)")

        for conninfo in ["host=h password = SeCrEt dbname=d", "password='Se Cr\\'Et' host=h"] {
            let check = Process()
            let out = Pipe()
            check.executableURL = URL(fileURLWithPath: bulletindBinary())
            check.arguments = ["run", "--inbox", folder.path, "--conninfo", conninfo, "--check-config"]
            check.environment = ["BULLETIND_CONFIG": "/dev/null", "BULLETIND_PLUGINS_DIR": folder.path]
            check.standardOutput = out
            check.standardError = FileHandle.nullDevice
            try check.run()
            let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            check.waitUntilExit()
            #expect(printed.contains("conninfo:"), "\(printed)")
            #expect(!printed.contains("Cr") && !printed.contains("Et'"), "\(printed)")
        }
    }
}
