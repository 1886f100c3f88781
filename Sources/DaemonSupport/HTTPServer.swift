import ServiceKit

#if canImport(Glibc)
import Glibc
#endif

/// A very small HTTP/1.1 server for `/healthz`, `/readyz` and `/metrics` on loopback: one
/// request per connection, bounded reads with a timeout. Enough for a scraper and a health
/// checker; no SwiftNIO.
///
/// ``serve()`` blocks its thread until ``stop()``; ``HTTPService`` runs it on a queue of its own.
public final class HTTPServer: Sendable {
    /// A response.
    public struct Response: Sendable {
        /// The status code.
        public var status: Int
        /// The `Content-Type`.
        public var contentType: String
        /// The body.
        public var body: String

        /// A response with `status` and `body` (plain UTF-8 text unless `contentType` says otherwise).
        public init(status: Int, contentType: String = "text/plain; charset=utf-8", body: String) {
            self.status = status
            self.contentType = contentType
            self.body = body
        }
    }

    /// A failed socket call while setting up: the call, the address and errno.
    public struct SocketError: Error, Sendable, CustomStringConvertible {
        /// The call (`bind`, `socket`, `parse address`).
        public var operation: String
        /// The address given.
        public var address: String
        /// The error number.
        public var errno: Int32

        public var description: String { "\(operation) \(address): \(String(cString: strerror(errno)))" }
    }

    /// Answers a request for `path` (query string removed) with `method` GET or HEAD.
    public typealias Handler = @Sendable (_ method: String, _ path: String) -> Response

    private let fd: Int32
    private let handler: Handler
    private let poller = StoppablePoll()
    /// The port actually bound (useful with port 0).
    public let port: UInt16

    /// Binds `address` (`HOST:PORT`, an IPv4 literal or `localhost`) and listens.
    public init(address: String, handler: @escaping Handler) throws(SocketError) {
        let parts = address.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let port = UInt16(parts[1]) else {
            throw SocketError(operation: "parse address", address: address, errno: EINVAL)
        }
        let host = parts[0] == "localhost" || parts[0].isEmpty ? "127.0.0.1" : String(parts[0])
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard s >= 0 else { throw SocketError(operation: "socket", address: address, errno: errno) }
        var one: Int32 = 1
        setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &addr.sin_addr) == 1 else {
            close(s)
            throw SocketError(operation: "parse address", address: address, errno: EINVAL)
        }
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(s, 64) == 0 else {
            let error = errno
            close(s)
            throw SocketError(operation: "bind", address: address, errno: error)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(s, $0, &length) }
        }
        self.port = UInt16(bigEndian: actual.sin_port)
        self.fd = s
        self.handler = handler
    }

    /// Accepts and answers connections until ``stop()``, then closes the socket. Blocks.
    public func serve() {
        while poller.wait(for: fd) == .readable {
            let connection = accept(fd, nil, nil)
            guard connection >= 0 else { continue }
            answer(connection)
            close(connection)
        }
        close(fd)
    }

    /// Makes ``serve()`` return at once. Safe from any thread.
    public func stop() { poller.stop() }

    private func answer(_ connection: Int32) {
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(connection, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let response = respond(to: readRequest(connection))
        let reasons = [200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed"]
        let reason = response.status == 503 ? "Service Unavailable" : reasons[response.status] ?? "Status"
        let body = Array(response.body.utf8)
        let head =
            "HTTP/1.1 \(response.status) \(reason)\r\nContent-Type: \(response.contentType)\r\n"
            + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        var out = Array(head.utf8)
        out.append(contentsOf: body)
        var offset = 0
        while offset < out.count {
            let written = out.withUnsafeBytes { write(connection, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 { break }
            offset += written
        }
    }

    /// The request's head, at most 8 KiB.
    private func readRequest(_ connection: Int32) -> [UInt8] {
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 2048)
        while request.count < 8192 {
            let count = buffer.withUnsafeMutableBytes { read(connection, $0.baseAddress!, $0.count) }
            if count <= 0 { break }
            request.append(contentsOf: buffer[0..<count])
            if Self.headersComplete(request) { break }
        }
        return request
    }

    private func respond(to request: [UInt8]) -> Response {
        let line = request.prefix { $0 != 13 && $0 != 10 }
        let parts = line.split(separator: 32)
        guard parts.count >= 2,
            let method = String(validating: parts[0], as: UTF8.self),
            let target = String(validating: parts[1], as: UTF8.self)
        else {
            return Response(status: 400, body: "bad request\n")
        }
        guard method == "GET" || method == "HEAD" else { return Response(status: 405, body: "method not allowed\n") }
        return handler(method, String(target.prefix { $0 != "?" }))
    }

    private static func headersComplete(_ request: [UInt8]) -> Bool {
        guard request.count >= 4 else { return false }
        for i in 0...(request.count - 4)
        where request[i] == 13 && request[i + 1] == 10 && request[i + 2] == 13 && request[i + 3] == 10 {
            return true
        }
        return false
    }
}
