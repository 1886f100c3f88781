#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A very small HTTP/1.1 server for `/healthz`, `/readyz` and `/metrics` on loopback: one
/// thread, one request per connection, bounded reads with a timeout. Enough for a scraper and
/// a health checker; no SwiftNIO.
public final class HTTPServer: Sendable {
    /// A response.
    public struct Response: Sendable {
        public var status: Int
        public var contentType: String
        public var body: String
        public init(status: Int, contentType: String = "text/plain; charset=utf-8", body: String) {
            self.status = status; self.contentType = contentType; self.body = body
        }
    }

    public typealias Handler = @Sendable (_ method: String, _ path: String) -> Response

    private let fd: Int32
    private let handler: Handler
    private let running = Atomic<Bool>(true)
    /// The port actually bound (useful with port 0).
    public let port: UInt16

    /// Binds `address` (`HOST:PORT`, IPv4 literal or `localhost`).
    public init(address: String, handler: @escaping Handler) throws(FileError) {
        let parts = address.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let port = UInt16(parts[1]) else { throw FileError(operation: "parse address", path: address, errno: EINVAL) }
        let host = parts[0] == "localhost" || parts[0].isEmpty ? "127.0.0.1" : String(parts[0])
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard s >= 0 else { throw FileError(operation: "socket", path: address, errno: errno) }
        var one: Int32 = 1
        setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &addr.sin_addr) == 1 else { close(s); throw FileError(operation: "parse address", path: address, errno: EINVAL) }
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(s, 64) == 0 else { let e = errno; close(s); throw FileError(operation: "bind", path: address, errno: e) }
        var actual = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(s, $0, &len) } }
        self.port = UInt16(bigEndian: actual.sin_port)
        self.fd = s
        self.handler = handler
    }

    /// Serves on a new thread until ``stop()``.
    public func start() {
        let box = Unmanaged.passRetained(self)
        var thread = pthread_t()
        if pthread_create(&thread, nil, { arg in
            let server = Unmanaged<HTTPServer>.fromOpaque(arg!).takeRetainedValue()
            server.loop()
            return nil
        }, box.toOpaque()) == 0 { pthread_detach(thread) } else { box.release() }
    }

    /// Stops accepting (within half a second) and closes the socket.
    public func stop() { running.store(false, ordering: .relaxed) }

    private func loop() {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while running.load(ordering: .relaxed) {
            guard poll(&pfd, 1, 500) > 0 else { continue }
            let c = accept(fd, nil, nil)
            guard c >= 0 else { continue }
            serve(c)
            close(c)
        }
        close(fd)
    }

    private func serve(_ c: Int32) {
        var tv = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var request: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 2048)
        while request.count < 8192 {
            let n = buf.withUnsafeMutableBytes { read(c, $0.baseAddress!, $0.count) }
            if n <= 0 { break }
            request.append(contentsOf: buf[0..<n])
            if Self.headersComplete(request) { break }
        }
        let line = request.prefix { $0 != 13 && $0 != 10 }
        let parts = line.split(separator: 32)
        let response: Response
        if parts.count >= 2, let method = String(validating: parts[0], as: UTF8.self), let target = String(validating: parts[1], as: UTF8.self) {
            let path = String(target.prefix { $0 != "?" })
            response = method == "GET" || method == "HEAD" ? handler(method, path) : Response(status: 405, body: "method not allowed\n")
        } else {
            response = Response(status: 400, body: "bad request\n")
        }
        let reason = [200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 503: "Service Unavailable"][response.status] ?? "Status"
        let body = Array(response.body.utf8)
        var out = Array("HTTP/1.1 \(response.status) \(reason)\r\nContent-Type: \(response.contentType)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n".utf8)
        out.append(contentsOf: body)
        var off = 0
        while off < out.count {
            let n = out.withUnsafeBytes { write(c, $0.baseAddress! + off, $0.count - off) }
            if n <= 0 { break }
            off += n
        }
    }

    private static func headersComplete(_ r: [UInt8]) -> Bool {
        guard r.count >= 4 else { return false }
        for i in 0...(r.count - 4) where r[i] == 13 && r[i + 1] == 10 && r[i + 2] == 13 && r[i + 3] == 10 { return true }
        return false
    }
}
