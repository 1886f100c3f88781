import Testing

@testable import BulletinStore

extension PostgreSQLTests {
    /// Text arrays go in PostgreSQL's binary format, beside text-format parameters and arrays in
    /// the same statement: every text arrives as it was, NULL stays NULL, and an empty array is
    /// empty.
    @Test func binaryTextArraysArriveVerbatim() throws {
        let db = try TestPG.migratedDatabase().client
        let texts: [String?] = [
            "高新技术企业总数达到121家", nil, "", "'); DROP TABLE x; --", "\"{a,b}\" \\ NULL", "NULL",
            String(repeating: "科技", count: 40_000),
        ]
        var p = PGParameters()
        p.appendTextArray { a in for t in texts { a.text(t) } }
        p.append("plain text")
        p.appendTextArray { _ in }
        p.appendArray { a in for n in [1, -2, 3] { a.element(n) } }
        p.appendTextArray { a in a.text(nil) }
        let row = try db.runBlocking("binary arrays") { c throws(DatabaseError) in
            try c.executePrepared(
                "test_binary_arrays",
                """
                SELECT $1::text[] IS NOT DISTINCT FROM $6::text[], cardinality($1::text[]), $2,
                       cardinality($3::text[]), $4::int[]::text, $5::text[] IS NOT DISTINCT FROM ARRAY[NULL]::text[],
                       length(($1::text[])[7])
                """,
                {
                    var q = p
                    q.appendArray { a in for t in texts { a.element(t) } }
                    return q
                }(),
                operation: "binary arrays"
            ).rows.first
        }
        #expect(row == ["t", "7", "plain text", "0", "{1,-2,3}", "t", "80000"])
    }
}
