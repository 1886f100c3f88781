import Synchronization

/// A bounded first-in-first-out hand-off between the stages of a pipeline: producers wait while
/// it is full, consumers wait while it is empty, and ``finish()`` lets consumers drain what is
/// left and then stop.
///
/// It is the pipeline's back-pressure: when the last stage cannot keep up (the database is
/// slow or down), the earlier stages stop at a known number of items in hand.
///
/// ```swift
/// let handoff = BoundedHandoff<Job>(capacity: 64)
/// // producer
/// for job in jobs { await handoff.send(job) }
/// handoff.finish()
/// // consumers
/// for await job in handoff { work(job) }
/// ```
public final class BoundedHandoff<Element: Sendable>: Sendable {
    private struct Sender {
        var id: UInt64
        var element: Element
        var continuation: CheckedContinuation<Bool, Never>
    }

    private struct Receiver {
        var id: UInt64
        var continuation: CheckedContinuation<[Element], Never>
    }

    private struct RoomWaiter {
        var id: UInt64
        var room: Int
        var continuation: CheckedContinuation<Void, Never>
    }

    /// What became of an element offered to ``send(_:)``.
    private enum Admission {
        /// Taken: buffered, or handed straight to a waiting receiver.
        case accepted(handedTo: Receiver?)
        /// Refused: the hand-off is finished or the sender was cancelled.
        case refused
        /// The hand-off is full: the sender waits.
        case parked
    }

    /// The continuations ``finish()`` resumes.
    private struct Waiters {
        var senders: [Sender] = []
        var receivers: [Receiver] = []
        var roomWaiters: [RoomWaiter] = []
    }

    private struct State {
        var buffer: [Element] = []
        /// Index of the oldest element in `buffer` (elements before it were taken).
        var head = 0
        var isFinished = false
        var nextID: UInt64 = 0
        var waiters = Waiters()
        /// Waits cancelled before they were registered.
        var cancelled: Set<UInt64> = []

        var count: Int { buffer.count - head }

        mutating func makeID() -> UInt64 {
            nextID += 1
            return nextID
        }

        mutating func take(upTo limit: Int) -> [Element] {
            let end = head + Swift.min(limit, count)
            let taken = Array(buffer[head..<end])
            head = end
            if head == buffer.count {
                buffer.removeAll(keepingCapacity: true)
                head = 0
            } else if head > 64 && head * 2 > buffer.count {
                buffer.removeFirst(head)
                head = 0
            }
            return taken
        }
    }

    /// The most elements held at once.
    public let capacity: Int
    private let state = Mutex(State())

    /// A hand-off holding at most `capacity` elements (at least one).
    public init(capacity: Int) {
        self.capacity = Swift.max(1, capacity)
    }

    /// The number of elements waiting to be received.
    public var count: Int { state.withLock { $0.count } }

    /// How many more elements fit before ``send(_:)`` waits.
    public var freeCapacity: Int {
        state.withLock { capacity - $0.count - $0.waiters.senders.count }
    }

    /// Adds `element`, waiting while the hand-off is full.
    /// - Returns: false when the element was not taken: the hand-off was finished, or the
    ///   sending task was cancelled while it waited.
    @discardableResult
    public func send(_ element: Element) async -> Bool {
        let id = state.withLock { $0.makeID() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                switch admit(element, id: id, continuation: continuation) {
                case .accepted(let receiver):
                    receiver?.continuation.resume(returning: [element])
                    continuation.resume(returning: true)
                case .refused:
                    continuation.resume(returning: false)
                case .parked:
                    break
                }
            }
        } onCancel: {
            let sender: Sender? = state.withLock { state in
                if let index = state.waiters.senders.firstIndex(where: { $0.id == id }) {
                    return state.waiters.senders.remove(at: index)
                }
                state.cancelled.insert(id)
                return nil
            }
            sender?.continuation.resume(returning: false)
        }
    }

    /// Under the lock: hands `element` to a waiting receiver, buffers it, or parks the sender.
    private func admit(_ element: Element, id: UInt64, continuation: CheckedContinuation<Bool, Never>) -> Admission {
        state.withLock { state in
            if state.cancelled.remove(id) != nil || state.isFinished { return .refused }
            if !state.waiters.receivers.isEmpty { return .accepted(handedTo: state.waiters.receivers.removeFirst()) }
            if state.count < capacity {
                state.buffer.append(element)
                return .accepted(handedTo: nil)
            }
            state.waiters.senders.append(Sender(id: id, element: element, continuation: continuation))
            return .parked
        }
    }

    /// Waits until at least `room` more elements fit (or the hand-off is finished); a
    /// producer that claims work in chunks waits for a chunk's room rather than one slot.
    /// - Throws: `CancellationError` when the waiting task is cancelled first.
    public func waitForRoom(_ room: Int = 1) async throws {
        let room = Swift.min(Swift.max(1, room), capacity)
        let id = state.withLock { $0.makeID() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready: Bool = state.withLock { state in
                    if state.cancelled.remove(id) != nil || state.isFinished { return true }
                    if state.count + room <= capacity && state.waiters.senders.isEmpty { return true }
                    state.waiters.roomWaiters.append(RoomWaiter(id: id, room: room, continuation: continuation))
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
                if let index = state.waiters.roomWaiters.firstIndex(where: { $0.id == id }) {
                    return state.waiters.roomWaiters.remove(at: index).continuation
                }
                state.cancelled.insert(id)
                return nil
            }
            waiter?.resume()
        }
        try Task.checkCancellation()
    }

    /// Takes up to `limit` elements, waiting until at least one is there.
    /// - Returns: the elements in the order they were sent; empty once the hand-off is finished
    ///   and drained, or when the receiving task is cancelled while it waits.
    public func receive(upTo limit: Int) async -> [Element] {
        let id = state.withLock { $0.makeID() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<[Element], Never>) in
                let taken = take(upTo: Swift.max(1, limit), id: id, continuation: continuation)
                if let taken { continuation.resume(returning: taken) }
            }
        } onCancel: {
            let receiver: Receiver? = state.withLock { state in
                if let index = state.waiters.receivers.firstIndex(where: { $0.id == id }) {
                    return state.waiters.receivers.remove(at: index)
                }
                state.cancelled.insert(id)
                return nil
            }
            receiver?.continuation.resume(returning: [])
        }
    }

    /// Under the lock: takes buffered elements (refilling from parked senders) or parks the
    /// receiver (nil).
    private func take(
        upTo limit: Int,
        id: UInt64,
        continuation: CheckedContinuation<[Element], Never>
    ) -> [Element]? {
        var resumedSenders: [Sender] = []
        var roomWaiters: [RoomWaiter] = []
        let taken: [Element]? = state.withLock { state in
            if state.cancelled.remove(id) != nil { return [] }
            if state.count == 0 {
                if state.isFinished { return [] }
                state.waiters.receivers.append(Receiver(id: id, continuation: continuation))
                return nil
            }
            let taken = state.take(upTo: limit)
            while state.count < capacity, !state.waiters.senders.isEmpty {
                let sender = state.waiters.senders.removeFirst()
                state.buffer.append(sender.element)
                resumedSenders.append(sender)
            }
            if state.waiters.senders.isEmpty {
                let free = capacity - state.count
                roomWaiters = state.waiters.roomWaiters.filter { $0.room <= free }
                state.waiters.roomWaiters.removeAll { $0.room <= free }
            }
            return taken
        }
        for sender in resumedSenders { sender.continuation.resume(returning: true) }
        for waiter in roomWaiters { waiter.continuation.resume() }
        return taken
    }

    /// Takes the next element, waiting until there is one.
    /// - Returns: nil once the hand-off is finished and drained.
    public func receive() async -> Element? {
        await receive(upTo: 1).first
    }

    /// No more elements will be sent: waiting receivers get what is left, then nothing.
    /// Senders still waiting are told their element was not taken.
    public func finish() {
        let released: Waiters = state.withLock { state in
            state.isFinished = true
            defer { state.waiters = Waiters() }
            return state.waiters
        }
        for sender in released.senders { sender.continuation.resume(returning: false) }
        for receiver in released.receivers { receiver.continuation.resume(returning: []) }
        for waiter in released.roomWaiters { waiter.continuation.resume() }
    }
}

extension BoundedHandoff {
    /// The hand-off's elements in chunks of up to `limit`, each as soon as at least one is
    /// there, until the hand-off is finished and drained.
    public func batches(upTo limit: Int) -> Batches {
        Batches(handoff: self, limit: limit)
    }

    /// See ``BoundedHandoff/batches(upTo:)``.
    public struct Batches: AsyncSequence, Sendable {
        let handoff: BoundedHandoff
        let limit: Int

        /// Receives the next chunk.
        public struct AsyncIterator: AsyncIteratorProtocol {
            let handoff: BoundedHandoff
            let limit: Int

            public mutating func next() async -> [Element]? {
                let chunk = await handoff.receive(upTo: limit)
                return chunk.isEmpty ? nil : chunk
            }
        }

        public func makeAsyncIterator() -> AsyncIterator {
            AsyncIterator(handoff: handoff, limit: limit)
        }
    }
}

extension BoundedHandoff: AsyncSequence {
    /// Receives elements one by one until the hand-off is finished and drained.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let handoff: BoundedHandoff

        public mutating func next() async -> Element? {
            await handoff.receive()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(handoff: self)
    }
}
