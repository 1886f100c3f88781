import DaemonSupport
import Dispatch
import Logging
import ServiceKit
import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `bulletind-bench probe`: how long `/healthz` takes to answer while other local clients hold
/// connections open (idle ones, and one sending its request a byte at a time), as a supervisor's
/// probe would see it under that attack. Prints p50, p99 and the worst of N probes.
enum ProbeBench {
    /// Ready, alive, nothing to report: the endpoint's own cost is what is measured.
    struct Ready: HealthReporting {
        func waitUntilReady() async throws {}
        func readinessProblem() -> String? { nil }
        func statusLine() -> String { "bench" }
        func isAlive(within window: Duration) -> Bool { true }
        func updateGauges(in metrics: Metrics) {}
    }

    /// A blocking TCP connection to 127.0.0.1:`port` (nil when it cannot connect).
    static func connectLoopback(_ port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    /// One `GET /healthz`; its duration in seconds, or nil when it was not answered 200.
    static func probe(_ port: Int) -> Double? {
        let started = ContinuousClock.now
        guard let fd = connectLoopback(port) else { return nil }
        defer { close(fd) }
        let request = Array("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == request.count
        else { return nil }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            answer += buffer[0..<n]
        }
        guard answer.starts(with: Array("HTTP/1.1 200".utf8)) else { return nil }
        return (ContinuousClock.now - started).seconds
    }

    /// Runs the endpoints, `idle` idle connections and one slow client, then `count` probes.
    static func run(count: Int, idle: Int) async throws {
        let service = HTTPService(
            address: "127.0.0.1:0",
            metrics: Metrics.prometheus(),
            health: Ready(),
            inbox: "/tmp",
            logger: Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() },
            version: "bench"
        )
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: service)], logger: Logger(label: "bench"))
        )
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            while service.port.load(ordering: .relaxed) == 0 { try await Task.sleep(for: .milliseconds(5)) }
            let port = service.port.load(ordering: .relaxed)
            let holders = (0..<idle).compactMap { _ in connectLoopback(port) }
            let slow = connectLoopback(port)
            let queue = DispatchQueue(label: "probe")
            // The slow client: one byte of a request every 100 ms, for as long as the probes run.
            let trickle = Atomic<Bool>(true)
            DispatchQueue(label: "slow").async {
                let bytes = Array("GET /healthz HTTP/1.1\r\nHost: localhost\r\n".utf8)
                var i = 0
                while trickle.load(ordering: .relaxed), let fd = slow {
                    _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + i % bytes.count, 1, Int32(MSG_NOSIGNAL)) }
                    i += 1
                    usleep(100_000)
                }
            }
            var times: [Double] = []
            var unanswered = 0
            for _ in 0..<count {
                if let seconds = await queue.perform({ probe(port) }) { times.append(seconds) } else { unanswered += 1 }
            }
            trickle.store(false, ordering: .relaxed)
            times.sort()
            func percentile(_ p: Double) -> Double {
                times.isEmpty ? .nan : times[min(times.count - 1, Int(Double(times.count) * p))] * 1000
            }
            print(
                "probe: \(count) GET /healthz beside \(holders.count) idle connections and a client sending a byte "
                    + "every 100 ms: p50 \(fmt(percentile(0.5), 2)) ms, p99 \(fmt(percentile(0.99), 2)) ms, "
                    + "worst \(fmt((times.last ?? .nan) * 1000, 2)) ms, unanswered \(unanswered)"
            )
            for fd in holders { close(fd) }
            if let slow { close(slow) }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
