#if canImport(Glibc)
import Glibc
#endif
import Logging
import ServiceLifecycle

/// Talks to systemd through `NOTIFY_SOCKET` directly (no libsystemd): READY=1, STOPPING=1,
/// STATUS=… and WATCHDOG=1. Does nothing when not started by systemd with `Type=notify`.
public struct SystemdNotifier: Sendable {
    private let socketPath: String?

    public init(environment: [String: String] = SystemdNotifier.environment()) {
        socketPath = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// True when systemd listens.
    public var isActive: Bool { socketPath != nil }

    /// Sends `state` (e.g. `READY=1\nSTATUS=…`); returns false if it could not be sent.
    @discardableResult
    public func notify(_ state: String) -> Bool {
        guard let path = socketPath else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }   // abstract namespace
        let capacity = MemoryLayout.size(ofValue: addr.sun_path)
        guard bytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
        }
        let len = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count)
        let sent = state.withCString { msg in
            withUnsafePointer(to: &addr) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, msg, strlen(msg), 0, $0, len) }
            }
        }
        return sent >= 0
    }

    /// The watchdog interval systemd asked for (`WATCHDOG_USEC`), if any.
    public static func watchdogInterval(environment: [String: String] = SystemdNotifier.environment()) -> Duration? {
        guard let usec = environment["WATCHDOG_USEC"].flatMap({ Int64($0) }), usec > 0 else { return nil }
        if let pid = environment["WATCHDOG_PID"].flatMap({ Int32($0) }), pid != getpid() { return nil }
        return .microseconds(usec)
    }

    public static func environment() -> [String: String] {
        var out: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "=") { out[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
            p += 1
        }
        return out
    }
}

/// Pings the systemd watchdog at half its interval and publishes a STATUS line, but only while
/// `isAlive` says the queue loop is making progress: a hung loop stops the pings and systemd
/// restarts the service.
/// Sleeps for `d`, returning early when graceful shutdown begins.
public func gracefulSleep(_ d: Duration) async throws {
    try await cancelWhenGracefulShutdown { try await Task.sleep(for: d) }
}

public struct WatchdogService: Service {
    let notifier: SystemdNotifier
    let interval: Duration
    let status: @Sendable () -> String
    let isAlive: @Sendable () -> Bool

    public init(notifier: SystemdNotifier, interval: Duration, status: @escaping @Sendable () -> String,
                isAlive: @escaping @Sendable () -> Bool) {
        self.notifier = notifier; self.interval = interval; self.status = status; self.isAlive = isAlive
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            notifier.notify(isAlive() ? "WATCHDOG=1\nSTATUS=\(status())" : "STATUS=queue loop not responding")
            try? await gracefulSleep(interval / 2)
        }
    }
}
