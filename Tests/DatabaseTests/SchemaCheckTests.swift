import Testing

@testable import BulletinStore

extension PostgreSQLTests {
    /// The documents' hash column takes exactly 64 lowercase hexadecimal digits (migration 6 wrote
    /// the rule without a regular expression's bounded repetition); anything else is a check
    /// violation, a permanent error.
    @Test func theHashColumnTakesOnlyLowercaseHex() throws {
        let db = try TestPG.migratedDatabase().client
        let cases: [(sha256: String, accepted: Bool)] = [
            (String(repeating: "0123456789abcdef", count: 4), true),
            (String(repeating: "A", count: 64), false),
            (String(repeating: "a", count: 63), false),
            (String(repeating: "a", count: 65), false),
            (String(repeating: "a", count: 63) + "g", false),
            (String(repeating: "a", count: 62) + "é", false),
            (String(repeating: "a", count: 63) + " ", false),
            ("", false),
        ]
        for (index, check) in cases.enumerated() {
            let refusal = try db.runBlocking("insert") { c throws(DatabaseError) -> DatabaseError? in
                do throws(DatabaseError) {
                    try c.execute(
                        """
                        INSERT INTO bulletin.documents (sha256, file_name, byte_size, encoding, body)
                        VALUES ($1, $2, 1, 'utf-8', 'x')
                        """,
                        [check.sha256, "\(index).txt"],
                        operation: "insert document"
                    )
                    return nil
                } catch {
                    return error
                }
            }
            if check.accepted {
                #expect(refusal == nil, "case \(index)")
            } else {
                #expect(refusal?.sqlState == SQLState("23514"), "case \(index)")
                #expect(refusal?.isTransient == false, "case \(index)")
            }
        }
    }
}
