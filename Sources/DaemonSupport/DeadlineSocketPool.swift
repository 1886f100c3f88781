import FlyingSocks
import Synchronization

/// A FlyingFox socket pool that gives every client connection a deadline as a whole.
///
/// FlyingFox serves each connection in a task of its own, so a slow client no longer holds up
/// others, but it waits for a client's bytes as long as the client likes. This pool wraps
/// the real one (epoll) and fails any wait of a connection past `lifetime` after its first
/// wait: the connection is closed, whether its client is idle, sends a byte a second, or
/// never reads the answer. The listening socket has no deadline.
///
/// The clock is injected, so a test moves time instead of waiting for it.
public final class DeadlineSocketPool<C: Clock>: AsyncSocketPool where C.Duration == Duration, C: Sendable {
    private struct Connection: Hashable {
        var file: Int32
        var peer: Socket.Address
    }

    private let inner: any AsyncSocketPool
    private let lifetime: Duration
    private let clock: C
    private let deadlines = Mutex<[Connection: C.Instant]>([:])

    /// Wraps `inner`; every connection is closed `lifetime` after its first wait on `clock`.
    public init(wrapping inner: any AsyncSocketPool, lifetime: Duration, clock: C) {
        self.inner = inner
        self.lifetime = lifetime
        self.clock = clock
    }

    public func prepare() async throws { try await inner.prepare() }

    public func run() async throws { try await inner.run() }

    public func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
        guard let deadline = deadline(of: socket) else {
            return try await inner.suspendSocket(socket, untilReadyFor: events)
        }
        let inner = inner
        let clock = clock
        let ready = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await inner.suspendSocket(socket, untilReadyFor: events)
                return true
            }
            group.addTask {
                try await clock.sleep(until: deadline, tolerance: nil)
                return false
            }
            defer { group.cancelAll() }
            return try await group.next() ?? false
        }
        // Disconnected: FlyingFox ends the connection quietly and closes the socket.
        guard ready else { throw SocketError.disconnected }
    }

    /// The deadline of a connected socket (set at its first wait); nil for the listener.
    private func deadline(of socket: Socket) -> C.Instant? {
        guard let peer = try? socket.remotePeer() else { return nil }
        let key = Connection(file: socket.file.rawValue, peer: peer)
        let now = clock.now
        return deadlines.withLock { deadlines in
            if let deadline = deadlines[key] { return deadline }
            if deadlines.count >= 1024 {
                // Descriptors are reused: forget connections long past their deadline.
                let stale = now.advanced(by: .zero - lifetime)
                deadlines = deadlines.filter { $0.value > stale }
            }
            let deadline = now.advanced(by: lifetime)
            deadlines[key] = deadline
            return deadline
        }
    }
}
