import Logging
import ServiceKit
import ServiceLifecycle

/// The daemon's conversation with systemd as a `Service`: READY=1 once the work is ready,
/// WATCHDOG=1 at half the watchdog interval while the work shows signs of life (a hung loop
/// stops the pings and systemd restarts the service), STATUS lines, and STOPPING=1 as soon as
/// graceful shutdown begins. Put it last in the service group, so that it is told first.
public struct SystemdService: Service {
    let notifier: SystemdNotifier
    let health: any HealthReporting
    let watchdogInterval: Duration?
    let logger: Logger

    /// A service reporting `health` through `notifier`; `watchdogInterval` is systemd's
    /// `WATCHDOG_USEC` (nil: no watchdog).
    public init(
        notifier: SystemdNotifier,
        health: any HealthReporting,
        watchdogInterval: Duration?,
        logger: Logger
    ) {
        self.notifier = notifier
        self.health = health
        self.watchdogInterval = watchdogInterval
        self.logger = logger
    }

    /// Says READY=1 once the work is ready, pings the watchdog until graceful shutdown, then
    /// says STOPPING=1.
    public func run() async throws {
        defer { notifier.notify("STOPPING=1") }
        let health = health
        do {
            try await cancelWhenGracefulShutdown { try await health.waitUntilReady() }
        } catch {
            return
        }
        if Task.isShuttingDownGracefully { return }
        logger.notice("ready")
        notifier.notify("READY=1\nSTATUS=\(health.statusLine())")
        guard let watchdogInterval else {
            try? await gracefulShutdown()
            return
        }
        // A ping before the first tick too: the wait for readiness may have used up some of the interval.
        ping(within: watchdogInterval)
        for await _ in PeriodicTicks(every: watchdogInterval / 2, clock: ContinuousClock()).cancelOnGracefulShutdown() {
            ping(within: watchdogInterval)
        }
    }

    private func ping(within interval: Duration) {
        if health.isAlive(within: interval) {
            notifier.notify("WATCHDOG=1\nSTATUS=\(health.statusLine())")
        } else {
            notifier.notify("STATUS=queue loop not responding")
        }
    }
}
