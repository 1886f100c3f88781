import CLibPQ

/// What a conninfo says about the servers it names, read with libpq's own parser (keyword
/// form and `postgresql://` URIs alike), with libpq's `PGHOST` and `PGTARGETSESSIONATTRS`
/// filling what the string leaves out.
///
/// ```swift
/// let targets = ConnectionTargets(conninfo: "host=a,b port=5432,5433 target_session_attrs=read-write")
/// targets?.hosts            // ["a", "b"]
/// targets?.warning          // nil: libpq picks whichever server accepts writes
/// ```
public struct ConnectionTargets: Sendable, Equatable {
    /// The hosts libpq tries, in order (empty: its default, the local socket).
    public var hosts: [String]
    /// `target_session_attrs` (`read-write`, `primary`, `any`…), nil when not set.
    public var targetSessionAttrs: String?

    /// The targets of `conninfo`; nil when libpq cannot parse it.
    /// - Parameter environment: the `PG*` variables libpq falls back to.
    public init?(conninfo: String, environment: [String: String] = [:]) {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &error) else {
            if let error { PQfreemem(error) }
            return nil
        }
        defer { PQconninfoFree(options) }
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { values[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        let host = values["host"] ?? values["hostaddr"] ?? environment["PGHOST"] ?? ""
        hosts = host.split(separator: ",", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
        targetSessionAttrs = values["target_session_attrs"] ?? environment["PGTARGETSESSIONATTRS"]
    }

    /// Why this conninfo may keep writing to a standby, or nil: several hosts without
    /// `target_session_attrs=read-write` (or `primary`) let libpq settle on the first server
    /// that answers, which after a failover may be one that only reads.
    public var warning: String? {
        guard hosts.count > 1 else { return nil }
        switch targetSessionAttrs {
        case "read-write", "primary": return nil
        default:
            return "the conninfo names \(hosts.count) hosts without target_session_attrs=read-write: "
                + "libpq may connect to a standby, whose writes fail until the next reconnect"
        }
    }
}
