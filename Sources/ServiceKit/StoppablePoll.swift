#if canImport(Glibc)
import Glibc
#endif

/// A blocking `poll(2)` on one descriptor that another thread can end for good with
/// ``stop()``: for the loops that must wait in the kernel (inotify, `accept`) on a thread of
/// their own, so that stopping them is immediate rather than noticed by a timeout.
public final class StoppablePoll: Sendable {
    /// Why ``wait(for:timeoutMilliseconds:)`` returned.
    public enum Wake: Sendable, Equatable {
        /// The descriptor is readable.
        case readable
        /// ``StoppablePoll/stop()`` was called (now or before).
        case stopped
        /// The timeout passed.
        case timedOut
    }

    /// A pipe: ``stop()`` writes to its second end, which makes its first end readable for good.
    private let pipeEnds: [Int32]
    private var stopDescriptor: Int32 { pipeEnds[0] }

    /// A poller not yet stopped.
    public init() {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends {
                _ = fcntl(end, F_SETFD, FD_CLOEXEC)
                _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            }
        } else {
            ends = [-1, -1]
        }
        pipeEnds = ends
    }

    deinit {
        for end in pipeEnds where end >= 0 { close(end) }
    }

    /// Blocks until `descriptor` is readable, ``stop()`` is called, or `timeoutMilliseconds`
    /// pass (-1, the default: no timeout).
    public func wait(for descriptor: Int32, timeoutMilliseconds: Int32 = -1) -> Wake {
        var descriptors = [
            pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: stopDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            let ready = poll(&descriptors, nfds_t(descriptors.count), timeoutMilliseconds)
            if ready < 0 && errno == EINTR { continue }
            if descriptors[1].revents != 0 || stopDescriptor < 0 { return .stopped }
            if ready == 0 { return .timedOut }
            return .readable
        }
    }

    /// Waits `milliseconds` unless stopped first; returns false when stopped.
    public func pause(milliseconds: Int32) -> Bool {
        wait(for: -1, timeoutMilliseconds: milliseconds) != .stopped
    }

    /// Ends every current and future wait. Safe from any thread.
    public func stop() {
        var byte: UInt8 = 1
        _ = write(pipeEnds[1], &byte, 1)
    }
}
