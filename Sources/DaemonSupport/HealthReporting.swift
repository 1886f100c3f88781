/// What the daemon's support services need to know about its work: systemd's READY, STATUS
/// and WATCHDOG (``SystemdService``) and the HTTP endpoints (``HTTPService``).
public protocol HealthReporting: Sendable {
    /// Returns once the daemon does its work (for READY=1).
    /// - Throws: `CancellationError` when the waiting task is cancelled first.
    func waitUntilReady() async throws

    /// Why the daemon cannot do its work now (`/readyz` answers 503 with it), or nil.
    func readinessProblem() -> String?

    /// One line for systemd's `STATUS=`.
    func statusLine() -> String

    /// True when the work showed signs of life within `window`: a hung loop stops the
    /// watchdog pings.
    func isAlive(within window: Duration) -> Bool

    /// Sets the gauges that describe the current state; called just before `/metrics` renders.
    func updateGauges(in metrics: Metrics)
}
