/// The database's schema is older than this build expects (`bulletind migrate` was not run).
public struct SchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The version in the database (0: none).
    public var found: Int
    /// The version this build needs.
    public var expected: Int

    /// A schema at version `found` where `expected` is needed.
    public init(found: Int, expected: Int) {
        self.found = found
        self.expected = expected
    }

    public var description: String {
        "the database schema is at version \(found), this build needs \(expected): run `bulletind migrate`"
    }
}
