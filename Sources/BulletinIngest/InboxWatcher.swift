import Dispatch
import ServiceKit

#if canImport(Glibc)
import Glibc
#endif

/// What the inbox watcher saw.
public enum InboxEvent: Sendable, Equatable {
    /// A file was renamed into the inbox (`IN_MOVED_TO`): ready at once.
    case movedIn(FileName)
    /// A file written in place was closed (`IN_CLOSE_WRITE`): ready after the settle interval.
    case closedAfterWrite(FileName)
    /// An entry was made in place (`IN_CREATE`): a hard link or symlink (no write follows), or
    /// a file about to be written. Ready once unchanged for the settle interval.
    case created(FileName)
    /// Events may have been missed (the watch was set up or lost, or the kernel's queue
    /// overflowed): list the whole inbox.
    case rescanNeeded
}

/// The changes of a directory as an asynchronous sequence, read from inotify.
///
/// ```swift
/// for await event in InboxWatcher(directory: inbox) { … }
/// ```
/// The first event is always ``InboxEvent/rescanNeeded`` (whatever arrived before the watch
/// existed). When the directory is deleted or moved, the watcher says so the same way and
/// watches it again once it is back. The blocking reads happen on a dispatch queue of the
/// iterator's own, never on Swift's cooperative threads; cancelling the iterating task ends
/// the wait at once and the sequence.
public struct InboxWatcher: AsyncSequence, Sendable {
    public typealias Element = InboxEvent

    /// The directory watched.
    public let directory: String

    /// A watcher of `directory`.
    public init(directory: String) {
        self.directory = directory
    }

    /// Reads events, a kernel buffer at a time, and hands them out one by one.
    public struct AsyncIterator: AsyncIteratorProtocol {
        private let reader: InotifyReader
        private var pending: [InboxEvent] = []
        private var next = 0

        init(directory: String) {
            reader = InotifyReader(directory: directory)
        }

        /// The next event; nil once the iterating task is cancelled.
        public mutating func next() async -> InboxEvent? {
            while next == pending.count {
                let reader = reader
                let events = await withTaskCancellationHandler {
                    await reader.queue.perform { reader.read() }
                } onCancel: {
                    reader.stop()
                }
                guard let events else { return nil }
                pending = events
                next = 0
            }
            defer { next += 1 }
            return pending[next]
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(directory: directory)
    }
}

/// The inotify descriptor of one ``InboxWatcher`` iterator. Its state is touched only on
/// `queue`, one read at a time; ``stop()`` may come from any thread.
final class InotifyReader: @unchecked Sendable {
    let queue = DispatchQueue(label: "bulletind.inotify")
    private let directory: String
    private let poller = StoppablePoll()
    private var descriptor: Int32 = -1
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

    init(directory: String) {
        self.directory = directory
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Ends the current and every later ``read()``.
    func stop() { poller.stop() }

    /// Blocks until there are events and returns them; nil once stopped.
    func read() -> [InboxEvent]? {
        while true {
            if descriptor < 0 {
                if watch() { return [.rescanNeeded] }
                // The inbox is missing or unreadable: say so, and try again shortly.
                guard poller.pause(milliseconds: 200) else { return nil }
                return [.rescanNeeded]
            }
            guard poller.wait(for: descriptor) == .readable else { return nil }
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 && (errno == EAGAIN || errno == EINTR) { continue }
            guard count > 0 else {
                unwatch()
                continue
            }
            let events = parse(count)
            if !events.isEmpty { return events }
        }
    }

    /// Opens the descriptor and watches the directory; false when that failed.
    private func watch() -> Bool {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return false }
        let mask = UInt32(IN_MOVED_TO | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF)
        guard inotify_add_watch(fd, directory, mask) >= 0 else {
            close(fd)
            return false
        }
        descriptor = fd
        return true
    }

    private func unwatch() {
        close(descriptor)
        descriptor = -1
    }

    /// The events in the first `count` bytes of the buffer (`struct inotify_event` records).
    private func parse(_ count: Int) -> [InboxEvent] {
        var events: [InboxEvent] = []
        var offset = 0
        var watchGone = false
        while offset + 16 <= count {
            let mask = buffer.withUnsafeBytes { $0.load(fromByteOffset: offset + 4, as: UInt32.self) }
            let length = Int(buffer.withUnsafeBytes { $0.load(fromByteOffset: offset + 12, as: UInt32.self) })
            let nameBytes = Array(buffer[(offset + 16)..<(offset + 16 + length)].prefix { $0 != 0 })
            offset += 16 + length
            if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                events.append(.rescanNeeded)
                continue
            }
            if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED) != 0 {
                watchGone = true
                continue
            }
            guard !nameBytes.isEmpty else { continue }
            let name = FileName(bytes: nameBytes)
            if mask & UInt32(IN_MOVED_TO) != 0 {
                events.append(.movedIn(name))
            } else if mask & UInt32(IN_CLOSE_WRITE) != 0 {
                events.append(.closedAfterWrite(name))
            } else if mask & UInt32(IN_CREATE) != 0 {
                events.append(.created(name))
            }
        }
        if watchGone {
            // Watched again at the next read, which then asks for a rescan.
            unwatch()
        }
        return events
    }
}
