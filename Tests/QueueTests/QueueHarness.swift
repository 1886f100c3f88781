import BulletinIngest
import BulletinPlugins
import BulletinStore
import DaemonSupport
import Logging
import MetricsTestKit
import ServiceKit
import ServiceLifecycle
import ServiceLifecycleTestKit
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Real files in a fresh temporary folder, removed with the value.
final class TempDir: Sendable {
    let path: String

    init() {
        var template = Array("/tmp/bulletind-test-XXXXXX".utf8CString)
        path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }

    deinit { _ = system("rm -rf '\(path)'") }

    /// Writes `contents` to `name` in place.
    func put(_ name: String, _ contents: [UInt8]) {
        let fd = open(path + "/" + name, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        _ = contents.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    func put(_ name: String, _ contents: String) { put(name, Array(contents.utf8)) }
}

/// Every file that left the queue, in order; tests wait for the n-th.
final class OutcomeRecorder: IngestObserver {
    enum Outcome: Sendable, Equatable {
        case done(String, StoreOutcome)
        case failed(String, FailureReason)
        case leftClaimed(String)
    }

    private struct Waiter {
        var count: Int
        var continuation: CheckedContinuation<[Outcome], Never>
    }

    private struct State {
        var outcomes: [Outcome] = []
        var waiters: [Waiter] = []
    }

    private let state = Mutex(State())

    func fileDone(_ file: FileName, _ outcome: StoreOutcome) { record(.done("\(file)", outcome)) }
    func fileFailed(_ file: FileName, _ reason: FailureReason) { record(.failed("\(file)", reason)) }
    func fileLeftClaimed(_ file: FileName) { record(.leftClaimed("\(file)")) }

    private func record(_ outcome: Outcome) {
        let ready: [(Waiter, [Outcome])] = state.withLock { state in
            state.outcomes.append(outcome)
            let outcomes = state.outcomes
            defer { state.waiters.removeAll { $0.count <= outcomes.count } }
            return state.waiters.filter { $0.count <= outcomes.count }.map { ($0, Array(outcomes.prefix($0.count))) }
        }
        for (waiter, outcomes) in ready { waiter.continuation.resume(returning: outcomes) }
    }

    /// The first `count` outcomes, once there are that many.
    func first(_ count: Int) async -> [Outcome] {
        await withCheckedContinuation { continuation in
            let outcomes: [Outcome]? = state.withLock { state in
                if state.outcomes.count >= count { return Array(state.outcomes.prefix(count)) }
                state.waiters.append(Waiter(count: count, continuation: continuation))
                return nil
            }
            if let outcomes { continuation.resume(returning: outcomes) }
        }
    }

    /// Every outcome so far.
    var outcomes: [Outcome] { state.withLock { $0.outcomes } }
}

struct MissingSample: Error {}

/// The queue over a temporary inbox, an in-memory store and a clock the test moves.
struct QueueHarness {
    let root = TempDir()
    let store = InMemoryDocumentStore()
    let clock = TestClock()
    let recorder = OutcomeRecorder()
    let testMetrics = TestMetrics()
    let metrics: Metrics
    let pipeline: IngestPipeline<TestClock>

    var inbox: String { root.path + "/inbox" }
    var stage: String { root.path + "/stage" }
    var layout: QueueLayout { pipeline.layout }

    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    init(_ configure: (inout IngestConfiguration) -> Void = { _ in }) throws {
        var configuration = IngestConfiguration(inbox: root.path + "/inbox")
        configuration.settle = .seconds(1)
        configuration.rescanInterval = .seconds(3600)
        configuration.lease = .seconds(60)
        configuration.retry = RetryPolicy(initial: .milliseconds(100), cap: .milliseconds(400))
        configuration.maxFileBytes = 64 * 1024
        configuration.workers = 2
        configure(&configuration)
        try FileOps.makeDirectories(configuration.inbox)
        try FileOps.makeDirectories(root.path + "/stage")
        metrics = Metrics(factory: testMetrics)
        pipeline = IngestPipeline(
            configuration: configuration,
            store: store,
            registry: .builtIn,
            clock: clock,
            logger: Self.logger,
            metrics: metrics,
            observer: recorder
        )
    }

    /// Writes `bytes` in the staging folder and renames them into the inbox (the safe drop).
    func drop(_ name: String, _ bytes: [UInt8]) {
        let staged = stage + "/" + name
        let fd = open(staged, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        rename(staged, inbox + "/" + name)
    }

    /// The names in `sub` of the inbox (`.bulletind/done`…), sorted.
    func names(_ sub: String) -> [String] {
        ((try? FileOps.list(inbox + "/" + sub)) ?? []).map(\.description).sorted()
    }

    /// The files claimed by this instance and not finished.
    func processing() -> [String] {
        ((try? FileOps.list(layout.processing)) ?? []).map(\.description).sorted()
    }

    /// Runs the store and the queue, calls `body`, then shuts them down gracefully (as SIGTERM
    /// would) and waits for them to return.
    func run(_ body: @Sendable (QueueHarness) async throws -> Void) async throws {
        let store = store
        let pipeline = pipeline
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await store.run() }
                group.addTask { try await pipeline.run() }
                try await pipeline.health.waitUntilReady()
                try await body(self)
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
    }

    /// The sample bulletin (23 observations).
    static func sample() throws -> [UInt8] {
        let root = #filePath.split(separator: "/").dropLast(3).joined(separator: "/")
        guard let file = fopen("/" + root + "/Deploy/sample/qinghe-2024-conference.txt", "rb") else {
            throw MissingSample()
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            bytes.append(contentsOf: buffer[0..<count])
            if count < buffer.count { break }
        }
        return bytes
    }
}
