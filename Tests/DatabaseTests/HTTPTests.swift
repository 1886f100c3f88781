import DaemonSupport
import Foundation
import Testing

@testable import BulletinIngest
@testable import BulletinStore

#if canImport(Glibc)
import Glibc
#endif

/// What `httpGet` received.
struct HTTPReply {
    var status: Int
    var body: String
}

/// A minimal HTTP GET over a real socket: status code and body.
func httpGet(port: Int, path: String) -> HTTPReply? {
    let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard s >= 0 else { return nil }
    defer { close(s) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = UInt16(port).bigEndian
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
    let ok = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard ok == 0 else { return nil }
    let req = Array("GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
    _ = req.withUnsafeBytes { write(s, $0.baseAddress!, $0.count) }
    var data: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = buf.withUnsafeMutableBytes { read(s, $0.baseAddress!, $0.count) }
        if n <= 0 { break }
        data.append(contentsOf: buf[0..<n])
    }
    let text = String(decoding: data, as: UTF8.self)
    guard let statusLine = text.split(separator: "\r\n").first, let code = Int(statusLine.split(separator: " ")[1])
    else { return nil }
    let body = text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
    return HTTPReply(status: code, body: body)
}

extension PostgreSQLTests {
    @Test func metricsAndReadinessFollowTheQueueAndTheDatabase() async throws {
        let queue = try RunningQueue()
        let http = HTTPService(
            address: "127.0.0.1:0",
            metrics: queue.metrics,
            health: queue.pipeline.health,
            inbox: queue.inbox,
            logger: TestPG.logger,
            version: "test"
        )
        try await queue.run(with: [http]) { q in
            #expect(await q.eventually { http.port.load(ordering: .relaxed) != 0 })
            let port = http.port.load(ordering: .relaxed)
            #expect(httpGet(port: port, path: "/healthz")?.status == 200)
            #expect(await q.eventually { httpGet(port: port, path: "/readyz")?.status == 200 })
            q.drop("a.txt", try TestPG.sample())
            q.drop("b.txt", try TestPG.sample())
            q.drop("empty.txt", [])
            #expect(
                await q.eventually { q.names(".bulletind/done").count == 2 && q.names(".bulletind/failed").count == 2 }
            )
            let metrics = httpGet(port: port, path: "/metrics")?.body ?? ""
            #expect(metrics.contains("bulletind_documents_inserted_total 1"))
            #expect(metrics.contains("bulletind_documents_duplicate_total 1"))
            #expect(metrics.contains("bulletind_files_failed_total{reason=\"empty\"} 1"))
            #expect(metrics.contains("bulletind_observations_total{plugin=\"enterprises\",family=\"high_tech\"} 4"))
            #expect(metrics.contains("bulletind_extraction_duration_seconds_count{plugin=\"awards\"}"))
            #expect(metrics.contains("bulletind_build_info{version=\"test\"} 1"))
            #expect(httpGet(port: port, path: "/nope")?.status == 404)
            // Database down: 503 with the reason; back: 200.
            try TestPG.server("stop-immediate")
            #expect(await q.eventually(10) { httpGet(port: port, path: "/readyz")?.status == 503 })
            #expect(httpGet(port: port, path: "/readyz")?.body.contains("database unavailable") == true)
            try TestPG.server("start-again")
            #expect(await q.eventually(30) { httpGet(port: port, path: "/readyz")?.status == 200 })
        }
    }
}
