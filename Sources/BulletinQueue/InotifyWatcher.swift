#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Watches the inbox with inotify on its own thread and queues what it sees.
///
/// `IN_MOVED_TO` (a rename into the inbox) makes a file ready at once; `IN_CLOSE_WRITE`
/// (written in place) makes it ready after the settle interval. An event-queue overflow, or the
/// inbox being deleted or moved, asks for a full rescan (and a new watch).
public final class InotifyWatcher: Sendable {
    /// What was seen.
    public enum Event: Sendable, Equatable {
        case movedIn(FileName)
        case closedAfterWrite(FileName)
        case rescanNeeded
    }

    private let directory: String
    private let events = Mutex<[Event]>([])
    private let running = Atomic<Bool>(true)
    private let signal: WakeSignal

    /// Starts watching `directory`; wakes `signal` when events arrive.
    public init(directory: String, signal: WakeSignal) {
        self.directory = directory
        self.signal = signal
    }

    /// Runs the watch loop on a new thread until ``stop()``.
    public func start() {
        let box = Unmanaged.passRetained(self)
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { arg in
            let watcher = Unmanaged<InotifyWatcher>.fromOpaque(arg!).takeRetainedValue()
            watcher.loop()
            return nil
        }, box.toOpaque())
        if rc == 0 { pthread_detach(thread) } else { box.release() }
    }

    /// Stops the loop (within half a second).
    public func stop() { running.store(false, ordering: .relaxed) }

    /// Takes the events queued so far.
    public func drain() -> [Event] { events.withLock { e in defer { e.removeAll() }; return e } }

    private func push(_ e: Event) {
        events.withLock { $0.append(e) }
        signal.notify()
    }

    private func loop() {
        while running.load(ordering: .relaxed) {
            let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
            guard fd >= 0 else { sleepBriefly(); continue }
            let mask = UInt32(IN_MOVED_TO | IN_CLOSE_WRITE | IN_DELETE_SELF | IN_MOVE_SELF)
            let wd = inotify_add_watch(fd, directory, mask)
            if wd < 0 {
                close(fd)
                push(.rescanNeeded)
                sleepBriefly()
                continue
            }
            // Anything that arrived before the watch existed is caught by a rescan.
            push(.rescanNeeded)
            readEvents(fd)
            close(fd)
        }
    }

    /// Reads until the watch goes away or the watcher stops.
    private func readEvents(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while running.load(ordering: .relaxed) {
            let r = poll(&pfd, 1, 500)
            if r <= 0 { continue }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n <= 0 { if errno == EAGAIN || errno == EINTR { continue }; return }
            var offset = 0
            var watchGone = false
            while offset + 16 <= n {
                let (mask, len): (UInt32, Int) = buffer.withUnsafeBytes { raw in
                    (raw.load(fromByteOffset: offset + 4, as: UInt32.self), Int(raw.load(fromByteOffset: offset + 12, as: UInt32.self)))
                }
                let nameBytes = Array(buffer[(offset + 16)..<(offset + 16 + len)].prefix { $0 != 0 })
                offset += 16 + len
                if mask & UInt32(IN_Q_OVERFLOW) != 0 { push(.rescanNeeded); continue }
                if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED) != 0 { watchGone = true; continue }
                guard !nameBytes.isEmpty else { continue }
                let name = FileName(bytes: nameBytes)
                if mask & UInt32(IN_MOVED_TO) != 0 { push(.movedIn(name)) } else if mask & UInt32(IN_CLOSE_WRITE) != 0 { push(.closedAfterWrite(name)) }
            }
            if watchGone { push(.rescanNeeded); sleepBriefly(); return }
        }
    }

    private func sleepBriefly() { usleep(200_000) }
}
