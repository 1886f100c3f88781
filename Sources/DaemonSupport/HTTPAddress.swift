#if canImport(Glibc)
import Glibc
#endif

/// The `http` setting's address: `HOST:PORT` with an IPv4 literal or `localhost`.
///
/// The endpoints are meant for loopback: `/readyz` tells why the daemon is not ready and
/// `/metrics` how much it did. Any other address is refused unless the operator says
/// `http_allow_remote: true`.
public struct HTTPAddress: Sendable, Equatable, CustomStringConvertible {
    /// The IPv4 address in dotted form (`localhost` and an empty host become `127.0.0.1`).
    public var host: String
    /// The port; 0 picks a free one.
    public var port: UInt16

    /// Parses `HOST:PORT`; nil when it is not one.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let port = UInt16(parts[1]) else { return nil }
        let host = parts[0] == "localhost" || parts[0].isEmpty ? "127.0.0.1" : String(parts[0])
        var address = in_addr()
        guard inet_pton(AF_INET, host, &address) == 1 else { return nil }
        self.host = host
        self.port = port
    }

    /// True for 127.0.0.0/8: only this host's processes can connect.
    public var isLoopback: Bool { host.hasPrefix("127.") }

    public var description: String { "\(host):\(port)" }
}
